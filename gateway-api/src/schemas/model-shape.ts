import type { z } from 'zod';

/** A type with every property and array read-only, all the way down. */
export type DeepReadonly<T> = T extends readonly (infer Element)[]
  ? readonly DeepReadonly<Element>[]
  : T extends object
    ? { readonly [Key in keyof T]: DeepReadonly<T[Key]> }
    : T;

/** True only when A and B are the same type (not merely assignable one to the other). */
export type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/**
 * True when what a schema accepts is exactly the model type, read-only aside (a schema infers
 * mutable arrays; the chaincode's records are read-only).
 */
export type SameShape<Schema extends z.ZodType, Model> = Equals<
  DeepReadonly<z.output<Schema>>,
  DeepReadonly<Model>
>;

/**
 * Ties a response schema to the type it describes: `shapeOf<Pack>()(schema)` type-checks only
 * when the schema describes exactly a `Pack`, so a field added to, renamed in or removed from
 * either the chaincode's model or the schema breaks the build until the other follows.
 */
export function shapeOf<Model>() {
  return <Schema extends z.ZodType>(
    schema: Schema &
      (SameShape<Schema, Model> extends true
        ? unknown
        : {
            readonly 'the schema differs from the model': {
              schema: DeepReadonly<z.output<Schema>>;
              model: DeepReadonly<Model>;
            };
          }),
  ): Schema => schema;
}
