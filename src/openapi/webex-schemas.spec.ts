import { readFileSync } from 'node:fs';
import { ELEMENTS } from '../elements/elements.service';
import { currentWebexSchemas, SCHEMAS_FILE } from './webex-schema-extract';
import { webexSchemaName } from './webex-schemas';

describe('webex-schemas.json', () => {
  const sut = currentWebexSchemas();

  it('is what npm run openapi:webex-schemas makes of the vendored Webex documents and the element definitions', () => {
    expect(JSON.parse(readFileSync(SCHEMAS_FILE, 'utf8'))).toEqual(sut);
  });

  it('holds the schema every hub resource names, its refs and no nullable', () => {
    for (const { schema } of ELEMENTS.flatMap((element) => element.resources)) expect(sut.schemas[webexSchemaName(schema!)]).toBeDefined();
    const text = JSON.stringify(sut.schemas);
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) expect(sut.schemas[name]).toBeDefined();
    expect(text).not.toContain('nullable');
    expect(sut.requests['POST /rooms']).toMatchObject({ required: ['title'] });
  });
});
