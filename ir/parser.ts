/**
 * IR text parser: the inverse of printer.ts. Purely syntactic: it builds exactly the IR
 * the text describes (ids included, so `v7` stays value 7) and leaves type and dominance
 * checks to the verifier. Errors are `IrParseError` with line:column.
 */
import type { GlobalType, Limits, RefType, ValType } from '../compiler/module.js';
import type { Block, BlockCall, Imm, InstData, IrFunction, MemArgImm, Value, ValueData } from './function.js';
import { IrParseError, scanName, tokenize, type Token } from './lexer.js';
import { parseF32, parseF64, v128FromLanes } from './literals.js';
import type { IrModule } from './module.js';
import { findOp, type OpInfo } from './opcodes/index.js';
import { isTrapCode } from './traps.js';
import { emptyEnv, isIrType, type IrType } from './types.js';

export { IrParseError } from './lexer.js';

const ENTITY = /^(type|fn|mem|table|g|tag|elem|data|block|v)(\d+)$/;

/** A value id seen in an operand position, checked once the whole function is read. */
interface ValueUse {
  value: Value;
  token: Token;
}

class Parser {
  private readonly tokens: Token[];
  private position = 0;

  constructor(text: string) {
    this.tokens = tokenize(text);
  }

  // ---- token helpers ----

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.position++;
    return token;
  }

  fail(message: string, token: Token = this.peek()): never {
    throw new IrParseError(message, token.line, token.column);
  }

  private describe(token: Token): string {
    if (token.kind === 'eof') return 'end of input';
    if (token.kind === 'newline') return 'end of line';
    if (token.kind === 'comment') return 'a comment';
    return `'${token.text}'`;
  }

  private isPunct(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'punct' && token.text === text;
  }

  private expectPunct(text: string): Token {
    const token = this.peek();
    if (!this.isPunct(text)) this.fail(`expected '${text}', found ${this.describe(token)}`);
    return this.next();
  }

  private expectWord(what: string): Token {
    const token = this.peek();
    if (token.kind !== 'word') this.fail(`expected ${what}, found ${this.describe(token)}`);
    return this.next();
  }

  /** An entity reference such as `fn3` or `block2`: returns its index. */
  private entity(prefix: string): number {
    const token = this.peek();
    const match = token.kind === 'word' ? ENTITY.exec(token.text) : null;
    if (match === null || match[1] !== prefix) this.fail(`expected ${prefix}N, found ${this.describe(token)}`);
    this.next();
    return Number(match[2]);
  }

  private isEntity(prefix: string, offset = 0): boolean {
    const token = this.peek(offset);
    const match = token.kind === 'word' ? ENTITY.exec(token.text) : null;
    return match !== null && match[1] === prefix;
  }

  private integer(what: string, min: number, max: number): number {
    const token = this.peek();
    if (token.kind !== 'number' || !/^\d+$|^0x[0-9a-fA-F]+$/.test(token.text)) this.fail(`expected ${what}, found ${this.describe(token)}`);
    const value = Number(token.text);
    if (!Number.isSafeInteger(value) || value < min || value > max) this.fail(`${what} ${token.text} is out of range`);
    this.next();
    return value;
  }

  private type(): IrType {
    const token = this.expectWord('a type');
    if (!isIrType(token.text)) this.fail(`unknown type '${token.text}'`, token);
    return token.text;
  }

  private refType(): RefType {
    const token = this.peek();
    const type = this.type();
    if (type !== 'funcref' && type !== 'externref') this.fail(`expected funcref or externref, found '${type}'`, token);
    return type;
  }

  private valType(): ValType {
    const token = this.peek();
    const type = this.type();
    if (type === 'exn') this.fail(`'exn' is not a Wasm value type`, token);
    return type;
  }

  /** `key=N` keyword argument, if present. */
  private keyword(key: string, min: number, max: number): number | null {
    if (!(this.peek().kind === 'word' && this.peek().text === key && this.isPunct('=', 1))) return null;
    this.next();
    this.next();
    return this.integer(key, min, max);
  }

  private atLineEnd(): boolean {
    const kind = this.peek().kind;
    return kind === 'newline' || kind === 'eof' || kind === 'comment';
  }

  /** End of a line: an optional trailing comment, then a newline or the end. */
  private endLine(): Token | null {
    let comment: Token | null = null;
    if (this.peek().kind === 'comment') comment = this.next();
    const token = this.peek();
    if (token.kind !== 'newline' && token.kind !== 'eof') this.fail(`expected end of line, found ${this.describe(token)}`);
    this.next();
    return comment;
  }

  private skipBlankLines(): void {
    while (this.peek().kind === 'newline' || (this.peek().kind === 'comment' && !this.peek().trailing)) this.next();
  }

  // ---- module ----

  parseModule(): IrModule {
    const module: IrModule = { env: emptyEnv(), functions: [], wasm: null };
    const declaredFuncs = new Map<number, Token>();
    for (this.skipBlankLines(); this.peek().kind !== 'eof'; this.skipBlankLines()) {
      const token = this.peek();
      if (token.kind === 'word' && token.text === 'function') {
        const fn = this.parseFunction();
        if (declaredFuncs.has(fn.funcIndex)) this.fail(`fn${fn.funcIndex} is declared twice`, token);
        declaredFuncs.set(fn.funcIndex, token);
        module.env.funcTypes[fn.funcIndex] = fn.typeIndex;
        module.functions.push(fn);
      } else {
        this.parseDeclaration(module, declaredFuncs);
      }
    }
    for (let i = 0; i < module.env.funcTypes.length; i++) {
      if (module.env.funcTypes[i] === undefined) this.fail(`fn${i} is not declared (declare it as 'fn${i}: typeN')`);
    }
    return module;
  }

  private sequential(prefix: string, count: number): void {
    const token = this.peek();
    const index = this.entity(prefix);
    if (index !== count) this.fail(`expected ${prefix}${count} next (declarations are numbered in order)`, token);
  }

  private limits(): Limits {
    const index = this.expectWord('i32 or i64');
    if (index.text !== 'i32' && index.text !== 'i64') this.fail(`expected i32 or i64, found '${index.text}'`, index);
    const min = this.keyword('min', 0, Number.MAX_SAFE_INTEGER);
    if (min === null) this.fail('expected min=N');
    const max = this.keyword('max', 0, Number.MAX_SAFE_INTEGER);
    let shared = false;
    if (this.peek().kind === 'word' && this.peek().text === 'shared') {
      this.next();
      shared = true;
    }
    return { min, max, shared, index64: index.text === 'i64' };
  }

  private typeList(): ValType[] {
    this.expectPunct('(');
    const types: ValType[] = [];
    while (!this.isPunct(')')) {
      if (types.length > 0) this.expectPunct(',');
      types.push(this.valType());
    }
    this.expectPunct(')');
    return types;
  }

  private parseDeclaration(module: IrModule, declaredFuncs: Map<number, Token>): void {
    const env = module.env;
    const token = this.peek();
    const match = token.kind === 'word' ? ENTITY.exec(token.text) : null;
    if (token.kind === 'word' && token.text === 'data_segments') {
      this.next();
      env.dataCount = this.integer('segment count', 0, Number.MAX_SAFE_INTEGER);
    } else if (match === null) {
      this.fail(`expected a declaration or 'function', found ${this.describe(token)}`);
    } else if (match[1] === 'type') {
      this.sequential('type', env.types.length);
      this.expectPunct('=');
      const params = this.typeList();
      this.expectPunct('->');
      env.types.push({ params, results: this.typeList() });
    } else if (match[1] === 'fn') {
      const index = this.entity('fn');
      if (declaredFuncs.has(index)) this.fail(`fn${index} is declared twice`, token);
      declaredFuncs.set(index, token);
      this.expectPunct(':');
      env.funcTypes[index] = this.entity('type');
    } else {
      const kind = match[1]!;
      const counts: Record<string, number> = {
        mem: env.memories.length,
        table: env.tables.length,
        g: env.globals.length,
        tag: env.tags.length,
        elem: env.elemTypes.length,
      };
      if (counts[kind] === undefined) this.fail(`unexpected ${this.describe(token)} at top level`);
      this.sequential(kind, counts[kind]!);
      this.expectPunct(':');
      if (kind === 'mem') env.memories.push({ limits: this.limits() });
      else if (kind === 'table') {
        const element = this.refType();
        env.tables.push({ element, limits: this.limits() });
      } else if (kind === 'g') env.globals.push(this.globalType());
      else if (kind === 'tag') env.tags.push({ typeIndex: this.entity('type') });
      else env.elemTypes.push(this.refType());
    }
    if (this.endLine() !== null) this.fail('declarations take no trailing comment', token);
  }

  private globalType(): GlobalType {
    let mutable = false;
    if (this.peek().kind === 'word' && this.peek().text === 'mut') {
      this.next();
      mutable = true;
    }
    return { mutable, type: this.valType() };
  }

  // ---- functions ----

  private fn!: IrFunction;
  private uses: ValueUse[] = [];
  private blockRefs = new Map<Block, Token>();
  private definedBlocks = new Set<Block>();

  private parseFunction(): IrFunction {
    this.next(); // 'function'
    const funcIndex = this.entity('fn');
    let name: string | null = null;
    if (this.peek().kind === 'name') name = this.next().text;
    this.expectPunct(':');
    const typeIndex = this.entity('type');
    this.expectPunct('{');
    this.fn = { funcIndex, typeIndex, name, values: [], insts: [], blocks: [], layout: [], srcOffset: -1 };
    this.uses = [];
    this.blockRefs = new Map();
    this.definedBlocks = new Set();
    const comment = this.endLine();
    if (comment !== null) {
      const data = this.commentData(comment);
      if (data.names.length > 0) this.fail('a function header comment holds only @0xOFFSET', comment);
      this.fn.srcOffset = data.offset;
    }
    let current: Block = -1;
    for (this.skipBlankLines(); !this.isPunct('}'); this.skipBlankLines()) {
      if (this.peek().kind === 'eof') this.fail(`missing '}' at the end of fn${funcIndex}`);
      if (this.isEntity('block') && (this.isPunct(':', 1) || this.isPunct('(', 1))) current = this.parseBlockHeader();
      else if (current === -1) this.fail('expected a block header (blockN:) before instructions');
      else this.parseInst(current);
    }
    this.next(); // '}'
    this.endLine();
    this.checkReferences();
    return this.fn;
  }

  private checkReferences(): void {
    for (const [block, token] of this.blockRefs) {
      if (!this.definedBlocks.has(block)) this.fail(`block${block} is used but never defined`, token);
    }
    for (const use of this.uses) {
      const data = this.fn.values[use.value];
      if (data === undefined || data.owner === -1) this.fail(`v${use.value} is used but never defined`, use.token);
    }
  }

  private blockData(block: Block): void {
    while (this.fn.blocks.length <= block) this.fn.blocks.push({ params: [], insts: [] });
  }

  private defineValue(token: Token, value: Value, data: ValueData): void {
    while (this.fn.values.length <= value) {
      this.fn.values.push({ type: 'i32', isParam: false, owner: -1, index: -1, name: null });
    }
    if (this.fn.values[value]!.owner !== -1) this.fail(`v${value} is defined twice`, token);
    this.fn.values[value] = data;
  }

  private parseBlockHeader(): Block {
    const token = this.peek();
    const block = this.entity('block');
    if (this.definedBlocks.has(block)) this.fail(`block${block} is defined twice`, token);
    this.definedBlocks.add(block);
    this.blockData(block);
    this.fn.layout.push(block);
    const params = this.fn.blocks[block]!.params;
    if (this.isPunct('(')) {
      this.next();
      while (!this.isPunct(')')) {
        if (params.length > 0) this.expectPunct(',');
        const valueToken = this.peek();
        const value = this.entity('v');
        this.expectPunct(':');
        this.defineValue(valueToken, value, { type: this.type(), isParam: true, owner: block, index: params.length, name: null });
        params.push(value);
      }
      this.next();
    }
    this.expectPunct(':');
    const comment = this.endLine();
    if (comment !== null) {
      const data = this.commentData(comment);
      if (data.offset !== -1) this.fail('a block header comment holds only vN=$name items', comment);
      for (const { value, name } of data.names) {
        if (value === null || !params.includes(value)) this.fail('block header names must be vN=$name for its parameters', comment);
        this.fn.values[value]!.name = name;
      }
    }
    return block;
  }

  /** Trailing comment data: `@0xOFFSET`, `$name` (first result), `vN=$name`. */
  private commentData(comment: Token): { offset: number; names: { value: Value | null; name: string }[] } {
    const text = comment.text;
    let offset = -1;
    const names: { value: Value | null; name: string }[] = [];
    const failAt = (position: number, message: string): never => {
      throw new IrParseError(message, comment.line, comment.column + 1 + position);
    };
    let position = 0;
    while (position < text.length) {
      if (text[position] === ' ' || text[position] === '\t' || text[position] === '\r') {
        position++;
        continue;
      }
      const rest = text.slice(position);
      const offsetMatch = /^@0x([0-9a-fA-F]+)/.exec(rest);
      const valueMatch = /^v(\d+)=/.exec(rest);
      if (offsetMatch !== null) {
        if (offset !== -1) failAt(position, 'two source offsets in one comment');
        offset = Number.parseInt(offsetMatch[1]!, 16);
        position += offsetMatch[0].length;
      } else {
        const value = valueMatch === null ? null : Number(valueMatch[1]);
        const nameStart = position + (valueMatch === null ? 0 : valueMatch[0].length);
        const scanned =
          (text[nameStart] === '$' ? scanName(text, nameStart) : null) ??
          failAt(position, 'trailing comments hold only @0xOFFSET, $name and vN=$name; put notes on their own line');
        names.push({ value, name: scanned.name });
        position = nameStart + scanned.length;
      }
      if (position < text.length && !/\s/.test(text[position]!)) failAt(position, 'expected a space between comment items');
    }
    return { offset, names };
  }

  private useValue(): Value {
    const token = this.peek();
    const value = this.entity('v');
    this.uses.push({ value, token });
    return value;
  }

  private valueList(close: string | null): Value[] {
    const values: Value[] = [];
    const done = (): boolean => (close === null ? this.atLineEnd() : this.isPunct(close));
    while (!done()) {
      if (values.length > 0) this.expectPunct(',');
      values.push(this.useValue());
    }
    return values;
  }

  private blockCall(): BlockCall {
    const token = this.peek();
    const block = this.entity('block');
    if (!this.blockRefs.has(block)) this.blockRefs.set(block, token);
    this.blockData(block);
    if (!this.isPunct('(')) return { block, args: [] };
    this.next();
    const args = this.valueList(')');
    this.next();
    return { block, args };
  }

  private parseInst(block: Block): void {
    const resultTokens: { token: Token; value: Value; type: IrType }[] = [];
    if (this.isEntity('v')) {
      do {
        if (resultTokens.length > 0) this.expectPunct(',');
        const token = this.peek();
        const value = this.entity('v');
        this.expectPunct(':');
        resultTokens.push({ token, value, type: this.type() });
      } while (this.isPunct(','));
      this.expectPunct('=');
    }
    const opToken = this.expectWord('an opcode');
    const info = findOp(opToken.text);
    if (info === undefined) this.fail(`unknown opcode '${opToken.text}'`, opToken);
    const inst = this.fn.insts.length;
    const data: InstData = { opcode: info.name, args: [], results: [], targets: [], imm: { kind: 'none' }, block, srcOffset: -1 };
    this.parseOperands(info, data);
    resultTokens.forEach(({ token, value, type }, index) => {
      this.defineValue(token, value, { type, isParam: false, owner: inst, index, name: null });
      data.results.push(value);
    });
    this.fn.insts.push(data);
    this.fn.blocks[block]!.insts.push(inst);
    const comment = this.endLine();
    if (comment !== null) {
      const parsed = this.commentData(comment);
      data.srcOffset = parsed.offset;
      for (const { value, name } of parsed.names) {
        const target = value ?? data.results[0];
        if (target === undefined || !data.results.includes(target)) {
          this.fail('names in an instruction comment must belong to its results', comment);
        }
        this.fn.values[target]!.name = name;
      }
    }
  }

  /** Immediates, operands and targets of one instruction, per its format. */
  private parseOperands(info: OpInfo, data: InstData): void {
    const targetsAfterComma = (): void => {
      while (this.isPunct(',')) {
        this.next();
        data.targets.push(this.blockCall());
      }
    };
    switch (info.format) {
      case 'plain':
      case 'return':
        data.args = this.valueList(null);
        return;
      case 'i32const':
      case 'i64const':
        data.imm = this.integerConst(info.format);
        return;
      case 'f32const':
      case 'f64const': {
        const token = this.next();
        const bits = token.kind === 'number' ? (info.format === 'f32const' ? parseF32(token.text) : parseF64(token.text)) : null;
        if (bits === null) this.fail(`expected a float literal, found ${this.describe(token)}`, token);
        data.imm = typeof bits === 'number' ? { kind: 'f32', bits } : { kind: 'f64', bits };
        return;
      }
      case 'v128const': {
        const shape = this.expectWord('i32x4');
        if (shape.text !== 'i32x4') this.fail(`v128.const lanes are written as i32x4, found '${shape.text}'`, shape);
        const lanes = [0, 1, 2, 3].map(() => this.integer('an i32x4 lane', 0, 0xffffffff));
        data.imm = { kind: 'v128', bytes: v128FromLanes(lanes) };
        return;
      }
      case 'lane':
        data.imm = { kind: 'lane', lane: this.integer('a lane index', 0, info.laneCount - 1) };
        data.args = this.valueList(null);
        return;
      case 'shuffle': {
        this.expectPunct('[');
        const lanes = new Uint8Array(16);
        for (let i = 0; i < 16; i++) lanes[i] = this.integer('a shuffle lane index', 0, 31);
        this.expectPunct(']');
        data.imm = { kind: 'shuffle', lanes };
        data.args = this.valueList(null);
        return;
      }
      case 'memarg':
        data.imm = this.memArg(info);
        data.args = this.valueList(null);
        return;
      case 'call':
      case 'try_call': {
        data.imm = { kind: 'func', func: this.entity('fn') };
        this.expectPunct('(');
        data.args = this.valueList(')');
        this.next();
        targetsAfterComma();
        return;
      }
      case 'call_indirect':
      case 'try_call_indirect': {
        const table = this.entity('table');
        data.imm = { kind: 'call_indirect', table, type: this.entity('type') };
        const index = this.useValue();
        this.expectPunct('(');
        data.args = [index, ...this.valueList(')')];
        this.next();
        targetsAfterComma();
        return;
      }
      case 'jump':
        data.targets.push(this.blockCall());
        return;
      case 'brif':
        data.args = [this.useValue()];
        targetsAfterComma();
        return;
      case 'br_table': {
        data.args = [this.useValue()];
        this.expectPunct(',');
        this.expectPunct('[');
        while (!this.isPunct(']')) {
          if (data.targets.length > 0) this.expectPunct(',');
          data.targets.push(this.blockCall());
        }
        this.next();
        this.expectPunct(',');
        data.targets.push(this.blockCall());
        return;
      }
      case 'br_on_tag':
        data.imm = { kind: 'tag', tag: this.entity('tag') };
        data.args = [this.useValue()];
        targetsAfterComma();
        return;
      default:
        data.imm = this.indexImmediates(info);
        data.args = this.valueList(null);
    }
  }

  private integerConst(format: 'i32const' | 'i64const'): Imm {
    const token = this.next();
    if (token.kind !== 'number' || !/^[+-]?(\d+|0x[0-9a-fA-F]+)$/.test(token.text)) {
      this.fail(`expected an integer, found ${this.describe(token)}`, token);
    }
    const negative = token.text.startsWith('-');
    const magnitude = BigInt(token.text.replace(/^[+-]/, ''));
    const value = negative ? -magnitude : magnitude;
    const bits = format === 'i32const' ? 32 : 64;
    if (value < -(1n << BigInt(bits - 1)) || value >= 1n << BigInt(bits)) this.fail(`${token.text} does not fit in i${bits}`, token);
    return format === 'i32const'
      ? { kind: 'i32', value: Number(BigInt.asIntN(32, value)) }
      : { kind: 'i64', value: BigInt.asIntN(64, value) };
  }

  private memArg(info: OpInfo): MemArgImm {
    const memory = this.entity('mem');
    const offset = this.keyword('offset', 0, Number.MAX_SAFE_INTEGER) ?? 0;
    const alignToken = this.peek();
    const alignBytes = this.keyword('align', 1, 2 ** 16) ?? info.accessBytes;
    if (!Number.isInteger(Math.log2(alignBytes))) this.fail(`align=${alignBytes} is not a power of two`, alignToken);
    let inBounds = false;
    if (this.peek().kind === 'word' && this.peek().text === 'inbounds') {
      this.next();
      inBounds = true;
    }
    const lane = info.laneCount > 0 ? this.integer('a lane index', 0, info.laneCount - 1) : 0;
    return { kind: 'memarg', memory, offset, align: Math.log2(alignBytes), inBounds, lane };
  }

  /** Immediates made only of entity references, a trap code, a tag or a reference type. */
  private indexImmediates(info: OpInfo): Imm {
    switch (info.format) {
      case 'memory':
        return { kind: 'memory', memory: this.entity('mem') };
      case 'memory_copy': {
        const dst = this.entity('mem');
        return { kind: 'memory_copy', dst, src: this.entity('mem') };
      }
      case 'memory_init': {
        const memory = this.entity('mem');
        return { kind: 'memory_init', memory, data: this.entity('data') };
      }
      case 'data':
        return { kind: 'data', data: this.entity('data') };
      case 'global':
        return { kind: 'global', global: this.entity('g') };
      case 'table':
        return { kind: 'table', table: this.entity('table') };
      case 'table_copy': {
        const dst = this.entity('table');
        return { kind: 'table_copy', dst, src: this.entity('table') };
      }
      case 'table_init': {
        const table = this.entity('table');
        return { kind: 'table_init', table, elem: this.entity('elem') };
      }
      case 'elem':
        return { kind: 'elem', elem: this.entity('elem') };
      case 'ref_null':
        return { kind: 'ref_type', type: this.refType() };
      case 'ref_func':
        return { kind: 'func', func: this.entity('fn') };
      case 'trap': {
        const token = this.expectWord('a trap code');
        if (!isTrapCode(token.text)) this.fail(`unknown trap code '${token.text}'`, token);
        return { kind: 'trap', code: token.text };
      }
      case 'tag':
        return { kind: 'tag', tag: this.entity('tag') };
      default:
        return this.fail(`no immediate syntax for format '${info.format}'`);
    }
  }
}

/** Parse an IR module: declarations then functions. */
export function parseIrModule(text: string): IrModule {
  return new Parser(text).parseModule();
}

/** Parse a text holding exactly one function (declarations allowed) and return it. */
export function parseIrFunction(text: string): IrFunction {
  const module = parseIrModule(text);
  if (module.functions.length !== 1) throw new IrParseError(`expected one function, found ${module.functions.length}`, 1, 1);
  return module.functions[0]!;
}
