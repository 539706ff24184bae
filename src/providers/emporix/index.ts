export { emporixQuery } from './query-language.ts';
