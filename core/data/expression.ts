/**
 * The safe expression language of `function("…")`: `x`, numbers, `+ - * / ^`, parentheses, the
 * constants `pi` and `e`, and the functions below. Text is parsed into a small tree and
 * evaluated by walking it — it is never handed to `eval` or `Function`, so a data set cannot run code.
 */

const functions = {
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  tanh: Math.tanh,
  sigmoid: (v: number) => 1 / (1 + Math.exp(-v)),
  relu: (v: number) => (v > 0 ? v : 0),
} as const satisfies Record<string, (v: number) => number>;

export type FunctionName = keyof typeof functions;
export const functionNames = Object.keys(functions) as FunctionName[];
const constants: Record<string, number> = { pi: Math.PI, e: Math.E };

export type Expression =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'x' }
  | { readonly kind: 'negate'; readonly operand: Expression }
  | { readonly kind: 'binary'; readonly operator: '+' | '-' | '*' | '/' | '^'; readonly left: Expression; readonly right: Expression }
  | { readonly kind: 'call'; readonly name: FunctionName; readonly argument: Expression };

/** A parse error with the offset (in the expression text) where it was found. */
export interface ExpressionError {
  readonly message: string;
  readonly offset: number;
  /** A near function name when the error is an unknown name. */
  readonly unknownName?: string;
}

export type ExpressionResult = { readonly ok: true; readonly expression: Expression } | { readonly ok: false; readonly error: ExpressionError };

class ExpressionSyntaxError extends Error {
  constructor(readonly error: ExpressionError) {
    super(error.message);
  }
}

/** Recursive descent over the characters; depth is bounded so nesting cannot overflow the stack. */
class ExpressionParser {
  private position = 0;
  private depth = 0;
  constructor(private readonly source: string) {}

  parseAll(): Expression {
    const expression = this.sum();
    this.skipSpaces();
    if (this.position < this.source.length) this.fail(`unexpected '${this.source[this.position]}'`);
    return expression;
  }

  private fail(message: string, unknownName?: string): never {
    throw new ExpressionSyntaxError({ message, offset: this.position, ...(unknownName ? { unknownName } : {}) });
  }

  private skipSpaces(): void {
    while (this.position < this.source.length && /\s/.test(this.source[this.position] as string)) this.position++;
  }

  private peek(): string {
    this.skipSpaces();
    return this.source[this.position] ?? '';
  }

  private enter(): void {
    if (++this.depth > 100) this.fail('the expression is nested too deeply');
  }

  private sum(): Expression {
    this.enter();
    let left = this.product();
    for (let op = this.peek(); op === '+' || op === '-'; op = this.peek()) {
      this.position++;
      left = { kind: 'binary', operator: op, left, right: this.product() };
    }
    this.depth--;
    return left;
  }

  private product(): Expression {
    let left = this.unary();
    for (let op = this.peek(); op === '*' || op === '/'; op = this.peek()) {
      this.position++;
      left = { kind: 'binary', operator: op, left, right: this.unary() };
    }
    return left;
  }

  /** Unary minus binds looser than `^`, as in mathematics: -x^2 = -(x^2). */
  private unary(): Expression {
    if (this.peek() === '-') {
      this.position++;
      this.enter();
      const operand = this.unary();
      this.depth--;
      return { kind: 'negate', operand };
    }
    if (this.peek() === '+') {
      this.position++;
      return this.unary();
    }
    return this.power();
  }

  /** `^` is right-associative: 2^3^2 = 2^(3^2). */
  private power(): Expression {
    const base = this.primary();
    if (this.peek() !== '^') return base;
    this.position++;
    this.enter();
    const exponent = this.unary();
    this.depth--;
    return { kind: 'binary', operator: '^', left: base, right: exponent };
  }

  private primary(): Expression {
    const c = this.peek();
    if (c === '(') {
      this.position++;
      const inner = this.sum();
      if (this.peek() !== ')') this.fail("expected ')'");
      this.position++;
      return inner;
    }
    const number = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(this.source.slice(this.position));
    if (number) {
      this.position += number[0].length;
      return { kind: 'number', value: Number(number[0]) };
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.source.slice(this.position));
    if (!word) this.fail(c === '' ? 'expected a value at the end' : `unexpected '${c}'`);
    const name = word[0];
    const start = this.position;
    this.position += name.length;
    if (name === 'x') return { kind: 'x' };
    const constant = constants[name];
    if (constant !== undefined) return { kind: 'number', value: constant };
    if (!(name in functions)) {
      this.position = start;
      this.fail(`unknown name '${name}'`, name);
    }
    if (this.peek() !== '(') this.fail(`expected '(' after ${name}`);
    this.position++;
    const argument = this.sum();
    if (this.peek() !== ')') this.fail("expected ')'");
    this.position++;
    return { kind: 'call', name: name as FunctionName, argument };
  }
}

/** Parses an expression of x; never throws. */
export function parseExpression(source: string): ExpressionResult {
  try {
    return { ok: true, expression: new ExpressionParser(source).parseAll() };
  } catch (caught) {
    if (caught instanceof ExpressionSyntaxError) return { ok: false, error: caught.error };
    throw caught;
  }
}

/** Evaluates a parsed expression at x (float64; NaN where the function is undefined). */
export function evaluateExpression(expression: Expression, x: number): number {
  switch (expression.kind) {
    case 'number':
      return expression.value;
    case 'x':
      return x;
    case 'negate':
      return -evaluateExpression(expression.operand, x);
    case 'call':
      return functions[expression.name](evaluateExpression(expression.argument, x));
    case 'binary': {
      const left = evaluateExpression(expression.left, x);
      const right = evaluateExpression(expression.right, x);
      switch (expression.operator) {
        case '+':
          return left + right;
        case '-':
          return left - right;
        case '*':
          return left * right;
        case '/':
          return left / right;
        case '^':
          return Math.pow(left, right);
      }
    }
  }
}
