/**
 * Optional fields, written once: `compact({ region, limit })` is the object without the keys whose
 * value is `undefined`, so `'region' in result` is false and `deepStrictEqual`, JSON and inserts see
 * no key rather than an `undefined` one. Replaces `...(x === undefined ? {} : { x })`.
 */
export type Compact<T extends object> = {
  [K in keyof T as undefined extends T[K] ? never : K]: T[K];
} & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

export function compact<T extends object>(fields: T): Compact<T> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) result[key] = value;
  }
  return result as Compact<T>;
}
