import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

/**
 * Checks real HTTP responses against docs/openapi.yaml: the status must be documented for the
 * operation, the content type must be one the document lists, and a JSON body must match the
 * schema. The API tests run every response through this, so the document cannot drift from the server.
 */
export const openApiDocumentPath = fileURLToPath(new URL('../../docs/openapi.yaml', import.meta.url));

type Json = Record<string, any>;
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

export interface OpenApiResponseValidator {
  /** Returns a list of problems; empty when the response conforms. */
  check(input: { method: string; path: string; status: number; contentType: string | null; body: unknown }): string[];
  /** Validates a value against a named component schema (e.g. 'WebhookEvent'). */
  checkSchema(name: string, value: unknown): string[];
  document: Json;
}

export function loadOpenApiResponseValidator(file = openApiDocumentPath): OpenApiResponseValidator {
  const document = parseYaml(readFileSync(file, 'utf8')) as Json;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document, 'openapi');
  const pointerEscape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

  function resolve(node: Json): { node: Json; pointer?: string } {
    let pointer: string | undefined;
    while (node && typeof node.$ref === 'string') {
      pointer = node.$ref.slice(1);
      node = pointer!.split('/').slice(1).reduce((n: Json, k: string) => n[k.replace(/~1/g, '/').replace(/~0/g, '~')], document);
    }
    return { node, pointer };
  }

  function findOperation(method: string, path: string): { template: string; operation: Json } | undefined {
    for (const [template, item] of Object.entries<Json>(document.paths)) {
      const re = new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$');
      if (re.test(path) && item[method.toLowerCase()]) return { template, operation: item[method.toLowerCase()] };
    }
    return undefined;
  }

  const errorsOf = (validate: ReturnType<typeof ajv.compile>) =>
    (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);

  return {
    document,
    check({ method, path, status, contentType, body }) {
      const found = findOperation(method, path);
      if (!found) return [`${method} ${path}: no such operation in the OpenAPI document`];
      const responses = found.operation.responses as Json;
      const declared = responses[String(status)] ?? responses.default;
      if (!declared) return [`${method} ${found.template}: status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`];
      const { node: response, pointer: responsePointer } = resolve(declared);
      const base = responsePointer ?? `/paths/${pointerEscape(found.template)}/${method.toLowerCase()}/responses/${status in responses ? status : 'default'}`;
      if (!response.content) return body === undefined || body === '' || body === null ? [] : [`${method} ${found.template} ${status}: a body was sent but none is documented`];
      const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
      if (!response.content[mediaType]) return [`${method} ${found.template} ${status}: content type '${mediaType}' is not documented (documented: ${Object.keys(response.content).join(', ')})`];
      if (!mediaType.endsWith('json')) return [];
      const validate = ajv.getSchema(`openapi#${base}/content/${pointerEscape(mediaType)}/schema`);
      if (!validate) return [`cannot compile the schema at ${base}`];
      return validate(body) ? [] : errorsOf(validate).map((e) => `${method} ${found.template} ${status}: ${e}`);
    },
    checkSchema(name, value) {
      const validate = ajv.getSchema(`openapi#/components/schemas/${name}`);
      if (!validate) return [`no schema ${name}`];
      return validate(value) ? [] : errorsOf(validate);
    },
  };
}
