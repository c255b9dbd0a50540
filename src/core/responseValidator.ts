/*
 * The token-answer validator as the browser loads it (`loadSchemas` in token.ts, a lazy chunk): the response
 * schema with its parser already built. zod compiles an object schema's parser on its first object (2–5 ms
 * on a busy phone); parsing one sample answer as the chunk loads moves that cost from between the token's
 * arrival and the join to before the click.
 */
import { webCallResponseSchema as schema } from './schemas.ts';

/**
 * zod builds one parser per object schema, from the schema's shape, on the first object it parses: an answer
 * with one ICE server (v3) builds both the answer's and the nested ICE server's.
 */
const SAMPLE_ANSWER = { access_token: 'sample', ice_servers: [{ urls: 'stun:sample' }] };

function withParserBuilt(responseSchema: typeof schema): typeof schema {
  responseSchema.safeParse(SAMPLE_ANSWER);
  return responseSchema;
}

/**
 * `webCallResponseSchema` from `schemas.ts`, after one parse.
 * @internal
 */
export const webCallResponseSchema = withParserBuilt(schema);
