import type { TextRange } from '../common/range';

/**
 * The syntax tree of a .dlmodel file. Every node has a `kind` and a `range` (UTF-16 offsets).
 * The tree is produced for any input: a piece the text lacks is `undefined` (the types say so),
 * and tokens the parser could not place are kept in `ErrorNode`s. Consumers must therefore
 * tolerate partial trees. Nodes are plain data (JSON-safe); use `forEachChild` to walk them.
 */

export interface Identifier {
  readonly kind: 'Identifier';
  readonly range: TextRange;
  readonly text: string;
}

export interface NumberLiteral {
  readonly kind: 'Number';
  readonly range: TextRange;
  /** The numeric value (underscores removed); NaN only for a malformed number, which also has a DL103. */
  readonly value: number;
  /** The source text as written, e.g. `1_000` or `.5`. */
  readonly text: string;
  /** True when written as an integer: no `.` and no exponent. */
  readonly isIntegerLiteral: boolean;
}

export interface StringLiteral {
  readonly kind: 'String';
  readonly range: TextRange;
  /** The unescaped value. */
  readonly value: string;
}

export interface BooleanLiteral {
  readonly kind: 'Boolean';
  readonly range: TextRange;
  readonly value: boolean;
}

/** A bare identifier used as a value, e.g. `relu` in `activation: relu`, or `same`. */
export interface NameValue {
  readonly kind: 'Name';
  readonly range: TextRange;
  readonly text: string;
}

export interface ListLiteral {
  readonly kind: 'List';
  readonly range: TextRange;
  readonly items: readonly Value[];
}

/** `name(arg, key: value)`: a layer, a data set, an optimizer, a schedule. */
export interface Call {
  readonly kind: 'Call';
  readonly range: TextRange;
  readonly callee: Identifier;
  readonly args: readonly Argument[];
  /** Range of the parenthesised argument list including `(`; undefined when `(` is missing. */
  readonly argsRange?: TextRange;
  /** False when the closing `)` is missing. */
  readonly closed: boolean;
}

/** One argument; `name` is present for `key: value`. `value` is missing after `key:` with nothing after. */
export interface Argument {
  readonly kind: 'Argument';
  readonly range: TextRange;
  readonly name?: Identifier;
  readonly value?: Value;
}

export type Value = NumberLiteral | StringLiteral | BooleanLiteral | NameValue | ListLiteral | Call;

/** Unexpected tokens the parser skipped while resynchronising. */
export interface ErrorNode {
  readonly kind: 'Error';
  readonly range: TextRange;
}

/** `input [3, 32, 32]`. */
export interface InputStatement {
  readonly kind: 'Input';
  readonly range: TextRange;
  readonly keyword: TextRange;
  readonly shape?: ShapeLiteral;
}

export interface ShapeLiteral {
  readonly kind: 'Shape';
  readonly range: TextRange;
  readonly dims: readonly NumberLiteral[];
}

/** `name = call(...)` or `call(...)`. */
export interface LayerStatement {
  readonly kind: 'Layer';
  readonly range: TextRange;
  readonly name?: Identifier;
  /** Missing when the text is `name =` with nothing usable after it. */
  readonly call?: Call;
}

/** A `{ … }` block. */
export interface Block<T> {
  readonly range: TextRange;
  readonly items: readonly T[];
  /** False when the closing `}` is missing. */
  readonly closed: boolean;
}

/** `repeat N { … }`, or `repeat N as x { … }`: `x` names the input of each copy of the body. */
export interface RepeatStatement {
  readonly kind: 'Repeat';
  readonly range: TextRange;
  readonly keyword: TextRange;
  readonly count?: NumberLiteral;
  readonly as?: RepeatInputName;
  readonly body?: Block<Statement>;
}

/** `as x` after a repeat's count; `name` is missing when no identifier follows `as` (DL212). */
export interface RepeatInputName {
  readonly keyword: TextRange;
  readonly name?: Identifier;
}

/** `residual { … } shortcut { … }`; without `shortcut` the path is the identity. */
export interface ResidualStatement {
  readonly kind: 'Residual';
  readonly range: TextRange;
  readonly keyword: TextRange;
  readonly body?: Block<Statement>;
  readonly shortcut?: ShortcutClause;
}

export interface ShortcutClause {
  readonly kind: 'Shortcut';
  readonly range: TextRange;
  readonly keyword: TextRange;
  readonly body?: Block<Statement>;
}

export type Statement = InputStatement | LayerStatement | RepeatStatement | ResidualStatement | ErrorNode;

/** `model Name { … }`. */
export interface ModelDeclaration {
  readonly kind: 'Model';
  readonly range: TextRange;
  readonly keyword: TextRange;
  readonly name?: Identifier;
  readonly body?: Block<Statement>;
}

/** `key: value` inside a `train` block. */
export interface TrainEntry {
  readonly kind: 'TrainEntry';
  readonly range: TextRange;
  readonly key: Identifier;
  readonly value?: Value;
}

/** `train [Name] { key: value … }`. */
export interface TrainDeclaration {
  readonly kind: 'Train';
  readonly range: TextRange;
  readonly keyword: TextRange;
  readonly name?: Identifier;
  readonly body?: Block<TrainEntry | ErrorNode>;
}

export type TopLevel = ModelDeclaration | TrainDeclaration | ErrorNode;

export interface Comment {
  readonly range: TextRange;
  /** The text after `#`. */
  readonly text: string;
}

export interface SourceFile {
  readonly kind: 'File';
  readonly range: TextRange;
  readonly items: readonly TopLevel[];
  /** Every comment, in order; kept so the formatter can preserve them. */
  readonly comments: readonly Comment[];
}

export type SyntaxNode =
  | SourceFile
  | TopLevel
  | Statement
  | ShapeLiteral
  | ShortcutClause
  | TrainEntry
  | Argument
  | Value
  | Identifier;
