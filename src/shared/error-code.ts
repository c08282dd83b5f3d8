// Error identity that survives the extension's bundles. Each lazily loaded bundle
// (scripts/build.mjs: activation, commands, heavy, Snowflake) has its own copy of every error
// class, so `e instanceof SomeError` is false when another bundle threw it; an error's `code`
// is a plain string and the same in every copy. Node's own errors use `code` the same way.

/** The codes of the errors one bundle throws and another recognises. */
export const ERROR_CODES = {
  /** A message meant for the user as it is: no stack, no "Show Log" (extension/ctx.ts). */
  user: 'RETAIL_USER_ERROR',
  /** A retailPipeline.snowflake.* / defaultTarget setting that cannot be used (snowflake-settings.ts). */
  invalidSnowflakeSetting: 'RETAIL_INVALID_SNOWFLAKE_SETTING',
  /** Any other retailPipeline.* setting that cannot be used (extension/config.ts). */
  invalidSetting: 'RETAIL_INVALID_SETTING',
  /** The local warehouse file is held by another process (core/targets/local/warehouse-access.ts). */
  warehouseBusy: 'RETAIL_WAREHOUSE_BUSY',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Whether `e` is an error carrying `code`, whichever bundle's copy of its class made it. */
export function hasErrorCode(e: unknown, code: ErrorCode): e is Error & { readonly code: ErrorCode } {
  return e instanceof Error && (e as { code?: unknown }).code === code;
}
