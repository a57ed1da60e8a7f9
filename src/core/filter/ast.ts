/** The filter language's syntax tree: what `parseFilter` builds and `validateFilter` checks. */

/** `~` matches a JavaScript regular expression (unanchored), on fields whose definition allows it. */
export type ComparisonOperator = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'like' | '~';

/** A field as written: `name`, or `tags.team` / `properties."learning rate"` (name plus key). */
export interface FilterField {
  name: string;
  key?: string;
}

export interface FilterGroup {
  kind: 'and' | 'or';
  /** Two or more items; a group of one is never built. */
  items: FilterNode[];
}

export interface FilterNot {
  kind: 'not';
  item: FilterNode;
}

export interface FilterComparison {
  kind: 'compare';
  field: FilterField;
  op: ComparisonOperator;
  value: string | number;
  /** A number as written (`1.10`), kept so a text field compares with the text, not `1.1`. */
  numberText?: string;
  /** 1-based column of the field. */
  position: number;
  /** 1-based column of the value. */
  valuePosition: number;
}

export type FilterNode = FilterGroup | FilterNot | FilterComparison;

export type FilterFieldType = 'text' | 'number' | 'timestamp' | 'enum';

export interface FilterFieldDefinition {
  type: FilterFieldType;
  /** The allowed values of an `enum` field. */
  values?: readonly string[];
  /** A key/value field (`tags.X`, `properties.X`): written with a key, compared as text. */
  keyed?: boolean;
  /**
   * `~` (regular expression match) is allowed on this text field. Only filters evaluated in memory set it
   * (automation filters over events): SQL lists cannot run JavaScript regular expressions.
   */
  regex?: boolean;
}

/** The fields a list can be filtered on, by name. */
export type FilterFieldSpec = Record<string, FilterFieldDefinition>;

export interface OrderByTerm {
  field: string;
  direction: 'asc' | 'desc';
}

/** The longest filter accepted, in characters. */
export const maxFilterLength = 4096;
/** The deepest nesting of parentheses and `not` accepted. */
export const maxFilterDepth = 32;
