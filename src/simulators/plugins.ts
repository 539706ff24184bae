/**
 * What a provider adds to the generic simulator where its folder cannot declare it. The engine
 * defines these small interfaces; implementations live above, in src/providers/, and are handed in
 * (startSimulators({ plugins })), since a lower layer never imports a higher one.
 */

/** A filter's text the language cannot read: the simulator answers the documented 400 with the message. */
export class FilterSyntaxError extends Error {
  override name = 'FilterSyntaxError';
}

/** A query language an x-filters entry names by `syntax` (a `q` parameter, a search body's field). */
export interface FilterLanguage {
  /**
   * The test of an item (a listed job, as a plain object) that the text asks for; an empty or blank
   * text selects every item. Throws FilterSyntaxError naming the problem when the text is malformed.
   */
  parse(text: string): (item: unknown) => boolean;
}

/** Every plugin the simulators may use; each kind keyed as its declaration names it. */
export interface SimulatorPlugins {
  /** By x-filters syntax name. */
  filterLanguages?: Readonly<Record<string, FilterLanguage>>;
}
