/**
 * Small constructors for the ESTree nodes the back end builds (printed by astring).
 * Building trees instead of strings leaves operator precedence and parenthesization
 * to the printer.
 */
import type * as E from 'estree';

export type Expr = E.Expression;
export type Stmt = E.Statement;

export function id(name: string): E.Identifier {
  return { type: 'Identifier', name };
}

/** A number literal; negative values, -0, infinities and NaN become the matching expressions. */
export function num(value: number): Expr {
  if (Number.isNaN(value)) return id('NaN');
  if (value === Infinity) return id('Infinity');
  if (value === -Infinity) return unary('-', id('Infinity'));
  if (value < 0 || Object.is(value, -0)) return unary('-', num(-value));
  return { type: 'Literal', value, raw: String(value) };
}

export function bigintLit(value: bigint): Expr {
  if (value < 0n) return unary('-', bigintLit(-value));
  return { type: 'Literal', value, bigint: value.toString(), raw: `${value}n` } as E.BigIntLiteral;
}

export function str(value: string): Expr {
  return { type: 'Literal', value, raw: JSON.stringify(value) };
}

export function bool(value: boolean): Expr {
  return { type: 'Literal', value, raw: String(value) };
}

export const NULL: Expr = { type: 'Literal', value: null, raw: 'null' };

export function call(callee: Expr | string, args: Expr[]): Expr {
  return { type: 'CallExpression', callee: typeof callee === 'string' ? id(callee) : callee, arguments: args, optional: false };
}

export function newExpr(callee: Expr | string, args: Expr[]): Expr {
  return { type: 'NewExpression', callee: typeof callee === 'string' ? id(callee) : callee, arguments: args };
}

export function member(object: Expr | string, property: string): E.MemberExpression {
  return {
    type: 'MemberExpression',
    object: typeof object === 'string' ? id(object) : object,
    property: id(property),
    computed: false,
    optional: false,
  };
}

export function index(object: Expr | string, key: Expr | number): E.MemberExpression {
  return {
    type: 'MemberExpression',
    object: typeof object === 'string' ? id(object) : object,
    property: typeof key === 'number' ? num(key) : key,
    computed: true,
    optional: false,
  };
}

export function binary(operator: E.BinaryOperator, left: Expr, right: Expr): Expr {
  return { type: 'BinaryExpression', operator, left, right };
}

export function logical(operator: E.LogicalOperator, left: Expr, right: Expr): Expr {
  return { type: 'LogicalExpression', operator, left, right };
}

export function unary(operator: E.UnaryOperator, argument: Expr): Expr {
  return { type: 'UnaryExpression', operator, prefix: true, argument };
}

export function conditional(test: Expr, consequent: Expr, alternate: Expr): Expr {
  return { type: 'ConditionalExpression', test, consequent, alternate };
}

export function assign(target: string | E.Identifier | E.MemberExpression, value: Expr): Expr {
  return { type: 'AssignmentExpression', operator: '=', left: typeof target === 'string' ? id(target) : target, right: value };
}

export function array(elements: Expr[]): Expr {
  return { type: 'ArrayExpression', elements };
}

export function arrow(params: string[], body: Expr): Expr {
  return { type: 'ArrowFunctionExpression', params: params.map(id), body, expression: true, async: false, generator: false };
}

export function object(entries: [string, Expr][]): Expr {
  return {
    type: 'ObjectExpression',
    properties: entries.map(([key, value]) => ({
      type: 'Property',
      key: str(key),
      value,
      kind: 'init',
      method: false,
      shorthand: false,
      computed: false,
    })),
  };
}

export function exprStmt(expression: Expr): Stmt {
  return { type: 'ExpressionStatement', expression };
}

export function assignStmt(target: string | E.Identifier | E.MemberExpression, value: Expr): Stmt {
  return exprStmt(assign(target, value));
}

export function declare(kind: 'let' | 'const', declarations: [string, Expr | null][]): E.VariableDeclaration {
  return {
    type: 'VariableDeclaration',
    kind,
    declarations: declarations.map(([name, init]) => ({ type: 'VariableDeclarator', id: id(name), init })),
  };
}

export function block(body: Stmt[]): E.BlockStatement {
  return { type: 'BlockStatement', body };
}

export function ifStmt(test: Expr, consequent: Stmt[], alternate: Stmt[] | null = null): E.IfStatement {
  return {
    type: 'IfStatement',
    test,
    consequent: block(consequent),
    alternate: alternate === null || alternate.length === 0 ? null : block(alternate),
  };
}

export function labeled(label: string, body: Stmt): E.LabeledStatement {
  return { type: 'LabeledStatement', label: id(label), body };
}

export function whileTrue(body: Stmt[]): E.WhileStatement {
  return { type: 'WhileStatement', test: bool(true), body: block(body) };
}

export function breakStmt(label: string | null = null): E.BreakStatement {
  return { type: 'BreakStatement', label: label === null ? null : id(label) };
}

export function continueStmt(label: string): E.ContinueStatement {
  return { type: 'ContinueStatement', label: id(label) };
}

export function returnStmt(argument: Expr | null = null): E.ReturnStatement {
  return { type: 'ReturnStatement', argument };
}

export function throwStmt(argument: Expr): E.ThrowStatement {
  return { type: 'ThrowStatement', argument };
}

export function switchStmt(discriminant: Expr, cases: { tests: (Expr | null)[]; body: Stmt[] }[]): E.SwitchStatement {
  const switchCases: E.SwitchCase[] = [];
  for (const group of cases) {
    group.tests.forEach((test, i) => {
      switchCases.push({ type: 'SwitchCase', test, consequent: i === group.tests.length - 1 ? [block(group.body)] : [] });
    });
  }
  return { type: 'SwitchStatement', discriminant, cases: switchCases };
}

export function tryCatch(body: Stmt[], param: string, handler: Stmt[]): E.TryStatement {
  return {
    type: 'TryStatement',
    block: block(body),
    handler: { type: 'CatchClause', param: id(param), body: block(handler) },
    finalizer: null,
  };
}

export function functionDecl(name: string, params: string[], body: Stmt[]): E.FunctionDeclaration {
  return { type: 'FunctionDeclaration', id: id(name), params: params.map(id), body: block(body), generator: false, async: false };
}

/** True when control cannot fall off the end of `statements` (a jump, return or throw ends them). */
export function endsInJump(statements: readonly Stmt[]): boolean {
  const last = statements[statements.length - 1];
  if (last === undefined) return false;
  switch (last.type) {
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'ReturnStatement':
    case 'ThrowStatement':
      return true;
    case 'IfStatement':
      return last.alternate != null && endsInJump([last.consequent]) && endsInJump([last.alternate]);
    case 'BlockStatement':
      return endsInJump(last.body);
    default:
      return false;
  }
}
