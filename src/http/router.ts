import { OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../errors/app-error.js';
import type { AppEnv } from './context.js';

/** Turns the first schema violation into our error shape, naming the field. */
export function validationError(error: z.ZodError): AppError {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || 'body';
  return new AppError('VALIDATION_FAILED', 400, { field, params: { field, detail: issue?.message ?? '' } });
}

/** A module's router: validation failures become `VALIDATION_FAILED` errors with the field. */
export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error);
    },
  });
}

export const ErrorSchema = z
  .object({
    code: z.string().openapi({ example: 'REGION_OUT_OF_SCOPE' }),
    message: z.string().openapi({ example: '无权访问本辖区以外的数据（370783106000）' }),
    field: z.string().optional(),
    row: z.number().int().optional(),
    requestId: z.string(),
    errors: z
      .array(z.object({ code: z.string(), message: z.string(), row: z.number().int().optional(), field: z.string().optional() }))
      .optional(),
    errorCount: z.number().int().optional().openapi({ description: 'How many row errors there are; `errors` lists the first 200' }),
  })
  .openapi('Error');

export const errorResponses = {
  400: { description: 'Invalid input', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'Not allowed for this role or region', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

/** The responses of a route that answers with a file: an Excel workbook or a PDF (then the errors as JSON). */
export const xlsxResponses = {
  200: { description: 'xlsx', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.any() } } },
  ...errorResponses,
} as const;
export const pdfResponses = { 200: { description: 'PDF', content: { 'application/pdf': { schema: z.any() } } }, ...errorResponses } as const;

export const Paging = {
  page: z.coerce.number().int().min(1).default(1).openapi({ example: 1 }),
  pageSize: z.coerce.number().int().min(1).max(500).default(20).openapi({ example: 20 }),
};
