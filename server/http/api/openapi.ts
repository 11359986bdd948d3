import { z } from 'zod';
import { COMMANDS, type CommandName } from '../../../shared/protocol/registry';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version';

/** Where the API lives; a later incompatible one would be /api/v2 beside it. */
export const API_PREFIX = '/api/v1';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

/** A command's payload as JSON Schema 2020-12 (what OpenAPI 3.1 uses), as a client sends it (defaults not applied). */
export function payloadSchema(name: CommandName): JsonSchema {
  const schema = z.toJSONSchema(COMMANDS[name].schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchema;
  delete schema.$schema;
  return schema;
}

/** A change carries a commandId (over HTTP: the Idempotency-Key header); a read does not. */
export function isChangeCommand(name: CommandName): boolean {
  const shape = (COMMANDS[name].schema as unknown as { shape?: Record<string, unknown> }).shape;
  return Boolean(shape && 'commandId' in shape);
}

/** A friendly GET for a read command: its path parameters come from the path, the rest from the query. */
export interface ApiRead {
  command: CommandName;
  /** OpenAPI form, `{episodeId}`. */
  path: string;
  /** express form, `:episodeId`. */
  expressPath: string;
  summary: string;
  /** Query parameters and the type the schema wants (a query string carries text only). */
  query: Record<string, 'string' | 'number' | 'boolean'>;
  pathParams: string[];
  /** What of the command's result the route answers (default: all of it). */
  pick?: (data: any) => unknown;
}

function read(command: CommandName, path: string, summary: string, pick?: (data: any) => unknown): ApiRead {
  const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const query: ApiRead['query'] = {};
  for (const [name, prop] of Object.entries(payloadSchema(command).properties ?? {})) {
    if (pathParams.includes(name)) continue;
    const types = [prop.type, ...((prop.anyOf as JsonSchema[] | undefined) ?? []).map((p) => p.type)];
    query[name] = types.includes('boolean') ? 'boolean' : types.includes('integer') || types.includes('number') ? 'number' : 'string';
  }
  return { command, path, expressPath: path.replace(/\{(\w+)\}/g, ':$1'), summary, query, pathParams, pick };
}

/** The friendly reads (each also runs as POST /api/v1/commands/<command>). The key's scope names the command. */
export const API_READS: readonly ApiRead[] = [
  read('catalogue:get', '/episodes', '节目列表（每期节目的概况）', (data) => ({ episodes: data.episodes })),
  read('episode:sync', '/episodes/{episodeId}', '一期节目的当前状态（诉求、队列、消息…），与 episode:sync 的快照相同'),
  read('supervision:list', '/supervision/items', '督办事项列表（按单位、节目、状态、期限筛选）'),
  read('supervision:detail', '/supervision/items/{episodeId}/{appealId}', '一条督办事项的详情与经过'),
  read('appeal:history', '/appeals/history', '诉求历史（按诉求、电话、区域或类别）'),
  read('appeal:callBackList', '/appeals/callbacks', '现场回应诉求的回访清单'),
  read('reports:summary', '/reports/summary', '任意日期范围的统计'),
  read('reports:annual', '/reports/annual', '年度统计表'),
];

const ERROR_RESPONSES: Record<string, { name: string; description: string }> = {
  '400': { name: 'BadRequest', description: 'VALIDATION_FAILED：请求体或参数不对（message 说明哪一项，field 指出字段），或缺少 Idempotency-Key。什么都没有改变。' },
  '401': { name: 'Unauthorized', description: 'UNAUTHORIZED：缺少、写错或已停用的接口密钥。' },
  '403': { name: 'Forbidden', description: 'FORBIDDEN：密钥的可用操作不含这一项，或其身份无权执行。' },
  '404': { name: 'NotFound', description: 'NOT_FOUND / EPISODE_NOT_FOUND / APPEAL_NOT_FOUND：记录不存在；UNKNOWN_COMMAND：没有这个接口。' },
  '409': { name: 'Conflict', description: 'CONFLICT（error.fresh 带最新记录）、ILLEGAL_TRANSITION、COMMAND_ID_REUSED（同一 Idempotency-Key 用于不同内容）等：按规则不能执行，什么都没有改变。' },
  '429': { name: 'TooManyRequests', description: 'RATE_LIMITED：调用过于频繁；Retry-After 给出等待秒数。' },
  '503': { name: 'Unavailable', description: 'STORAGE_FAILED / STORAGE_FULL：未能写入磁盘，本次操作未生效，可用同一 Idempotency-Key 重试。' },
};

function errorsFor(change: boolean): Record<string, { $ref: string }> {
  const codes = change ? ['400', '401', '403', '404', '409', '429', '503'] : ['400', '401', '403', '404', '429', '503'];
  return Object.fromEntries(codes.map((code) => [code, { $ref: `#/components/responses/${ERROR_RESPONSES[code]!.name}` }]));
}

function schemaKey(name: CommandName): string {
  return name.replace(':', '.');
}

function operationId(name: CommandName): string {
  return name.replace(':', '_');
}

/** The OpenAPI 3.1 document of /api/v1, generated from the registry's schemas (served at /api/v1/openapi.json). */
export function buildOpenApi(commands: readonly CommandName[]): Record<string, unknown> {
  const schemas: Record<string, unknown> = {
    Error: {
      type: 'object',
      properties: {
        code: { type: 'string', description: '稳定的英文错误码（程序据此判断）' },
        message: { type: 'string', description: '给人看的中文说明' },
        field: { type: 'string', description: '出错的字段（若有）' },
        fresh: { description: 'CONFLICT 时的最新记录' },
      },
      required: ['code', 'message'],
    },
    ErrorEnvelope: { type: 'object', properties: { ok: { const: false }, error: { $ref: '#/components/schemas/Error' } }, required: ['ok', 'error'] },
    OkEnvelope: { type: 'object', properties: { ok: { const: true }, data: { description: '命令的结果，与实时协议中该命令的应答相同（docs/protocol.md）' } }, required: ['ok', 'data'] },
  };
  const paths: Record<string, unknown> = {
    [`${API_PREFIX}/openapi.json`]: {
      get: {
        operationId: 'openapi',
        summary: '本文档（无需密钥）',
        security: [],
        responses: { '200': { description: 'OpenAPI 3.1 文档', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  };
  for (const name of commands) {
    const change = isChangeCommand(name);
    const body = payloadSchema(name);
    if (change) {
      // Over HTTP the commandId is the Idempotency-Key header; a body may repeat it (then it must match).
      const { commandId: _id, ...rest } = body.properties ?? {};
      body.properties = { ...rest, commandId: { type: 'string', description: '可省略：与 Idempotency-Key 请求头相同' } };
      body.required = (body.required ?? []).filter((field) => field !== 'commandId');
    }
    schemas[schemaKey(name)] = body;
    paths[`${API_PREFIX}/commands/${name}`] = {
      post: {
        operationId: operationId(name),
        summary: `执行 ${name}`,
        description: `角色：${COMMANDS[name].roles.join('、')}。密钥的可用操作须包含 ${name}。${change ? '会修改数据：必须带 Idempotency-Key；应答在改动写入磁盘之后才返回，用同一编号重试不会重复执行，返回相同结果。' : '只读。'}`,
        tags: [name.split(':')[0]],
        ...(change ? { parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }] } : {}),
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${schemaKey(name)}` } } } },
        responses: { '200': { $ref: '#/components/responses/Ok' }, ...errorsFor(change) },
      },
    };
  }
  for (const route of API_READS) {
    if (!commands.includes(route.command)) continue;
    const properties = payloadSchema(route.command).properties ?? {};
    const required = new Set(payloadSchema(route.command).required ?? []);
    const parameters = [
      ...route.pathParams.map((name) => ({ name, in: 'path', required: true, schema: properties[name] ?? { type: 'string' } })),
      ...Object.keys(route.query).map((name) => ({ name, in: 'query', required: required.has(name), schema: properties[name] ?? { type: 'string' } })),
    ];
    paths[`${API_PREFIX}${route.path}`] = {
      get: {
        operationId: `get_${operationId(route.command)}`,
        summary: route.summary,
        description: `对应命令 ${route.command}（角色：${COMMANDS[route.command].roles.join('、')}）。密钥的可用操作须包含 ${route.command}。`,
        tags: ['reads'],
        parameters,
        responses: { '200': { $ref: '#/components/responses/Ok' }, ...errorsFor(false) },
      },
    };
  }
  const responses: Record<string, unknown> = {
    Ok: { description: '成功：{ ok: true, data }', content: { 'application/json': { schema: { $ref: '#/components/schemas/OkEnvelope' } } } },
  };
  for (const [status, { name, description }] of Object.entries(ERROR_RESPONSES)) {
    responses[name] = {
      description,
      ...(status === '429' ? { headers: { 'Retry-After': { description: '多少秒后可以再试', schema: { type: 'integer', minimum: 1 } } } } : {}),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '政风热线直播台接口',
      version: `1.${PROTOCOL_VERSION}`,
      description: '供 12345 平台等系统调用的接口：与直播台各屏幕使用同一套命令、校验、权限与持久化规则。密钥在管理后台「接口密钥」中创建（docs/integration.md）。',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'zfk_…', description: 'Authorization: Bearer zfk_…' } },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description: '操作编号（即 commandId）：同一编号重试不会重复执行，返回第一次的结果；同一编号用于不同内容会被拒绝（409 COMMAND_ID_REUSED）。',
          schema: { type: 'string', minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' },
        },
      },
      schemas,
      responses,
    },
  };
}
