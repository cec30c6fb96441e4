import { Type, type TSchema } from 'typebox';

/** Shared pieces of request/response schemas. Objects refuse unknown fields (DESIGN.md: bad input → 4xx). */
export const Strict = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });

export const ErrorBody = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), messageEn: Type.String(), details: Type.Optional(Type.Unknown()) }),
});

export const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  size: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 20 })),
};

export const Uuid = Type.String({ format: 'uuid' });
export const RegionCode = Type.String({ pattern: '^[0-9]{6}$' });
export const IsoDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });

/** Error responses every protected route may give; listed so /openapi.json tells clients about them. */
export const StdErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
