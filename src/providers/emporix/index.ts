export { emporixFilterLanguage, parseQuery, type Query, QuerySyntaxError } from './query.ts';
export { emporixQuery } from './query-language.ts';
