import type { InjectionKey, Ref } from 'vue';

/** What a SchemaForm shares with its nested fields: errors to show, and where raw-JSON parse errors go. */
export interface SchemaFormContext {
  /** Messages by dotted payload path ('' = the payload itself). */
  errors: Ref<Record<string, string>>;
  setJsonError: (path: string, message: string | null) => void;
  /** Prefix of ids, unique per form. */
  idPrefix: string;
}

export const schemaFormKey: InjectionKey<SchemaFormContext> = Symbol('schemaForm');
