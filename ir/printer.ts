/**
 * IR text printer. The output parses back (parser.ts) to IR that prints identically.
 * Syntax per format is documented in opcodes/info.ts and README.md.
 */
import type { BlockCall, Inst, IrFunction, Value } from './function.js';
import { formatF32, formatF64, formatName, formatV128 } from './literals.js';
import type { IrModule } from './module.js';
import { findOp } from './opcodes/index.js';
import type { ModuleEnv } from './types.js';

export interface PrintOptions {
  /** Wrap tokens in ANSI colors (the CLI enables this on a TTY). */
  color?: boolean;
}

type Style = 'op' | 'value' | 'block' | 'type' | 'comment' | 'keyword';

const ANSI: Record<Style, string> = {
  op: '\x1b[1m',
  value: '\x1b[36m',
  block: '\x1b[33m',
  type: '\x1b[32m',
  comment: '\x1b[90m',
  keyword: '\x1b[35m',
};

type Paint = (style: Style, text: string) => string;

const plain: Paint = (_style, text) => text;
const ansi: Paint = (style, text) => `${ANSI[style]}${text}\x1b[0m`;

function painter(options: PrintOptions | undefined): Paint {
  return options?.color === true ? ansi : plain;
}

class InstPrinter {
  constructor(
    private readonly fn: IrFunction,
    private readonly paint: Paint,
  ) {}

  value(value: Value): string {
    return this.paint('value', `v${value}`);
  }

  values(values: readonly Value[]): string {
    return values.map((value) => this.value(value)).join(', ');
  }

  blockCall(call: BlockCall): string {
    const head = this.paint('block', `block${call.block}`);
    return call.args.length === 0 ? head : `${head}(${this.values(call.args)})`;
  }

  /** `op imm... args` without results or comment. */
  body(inst: Inst): string {
    const data = this.fn.insts[inst]!;
    const info = findOp(data.opcode);
    const parts: string[] = [this.paint('op', data.opcode)];
    const imm = data.imm;
    const kw = (text: string): void => void parts.push(this.paint('keyword', text));
    const targets = (calls: readonly BlockCall[]): string => calls.map((call) => this.blockCall(call)).join(', ');
    switch (imm.kind) {
      case 'none':
        break;
      case 'i32':
      case 'i64':
        parts.push(String(imm.value));
        break;
      case 'f32':
        parts.push(formatF32(imm.bits));
        break;
      case 'f64':
        parts.push(formatF64(imm.bits));
        break;
      case 'v128':
        parts.push(formatV128(imm.bytes));
        break;
      case 'lane':
        parts.push(String(imm.lane));
        break;
      case 'shuffle':
        parts.push(`[${Array.from(imm.lanes).join(' ')}]`);
        break;
      case 'memarg': {
        kw(`mem${imm.memory}`);
        if (imm.offset !== 0) kw(`offset=${imm.offset}`);
        if (info !== undefined && 1 << imm.align !== info.accessBytes) kw(`align=${2 ** imm.align}`);
        if (imm.inBounds) kw('inbounds');
        if (info !== undefined && info.laneCount > 0) parts.push(String(imm.lane));
        break;
      }
      case 'memory':
        kw(`mem${imm.memory}`);
        break;
      case 'memory_copy':
        kw(`mem${imm.dst}`);
        kw(`mem${imm.src}`);
        break;
      case 'memory_init':
        kw(`mem${imm.memory}`);
        kw(`data${imm.data}`);
        break;
      case 'data':
        kw(`data${imm.data}`);
        break;
      case 'global':
        kw(`g${imm.global}`);
        break;
      case 'table':
        kw(`table${imm.table}`);
        break;
      case 'table_copy':
        kw(`table${imm.dst}`);
        kw(`table${imm.src}`);
        break;
      case 'table_init':
        kw(`table${imm.table}`);
        kw(`elem${imm.elem}`);
        break;
      case 'elem':
        kw(`elem${imm.elem}`);
        break;
      case 'ref_type':
        parts.push(this.paint('type', imm.type));
        break;
      case 'func':
        if (info?.format === 'ref_func') kw(`fn${imm.func}`);
        else {
          // call, return_call, try_call: the callee with its arguments in parentheses.
          parts.push(`${this.paint('keyword', `fn${imm.func}`)}(${this.values(data.args)})`);
          if (data.targets.length > 0) parts[parts.length - 1] += `, ${targets(data.targets)}`;
          return parts.join(' ');
        }
        break;
      case 'call_indirect': {
        kw(`table${imm.table}`);
        kw(`type${imm.type}`);
        const [index, ...callArgs] = data.args;
        parts.push(`${index === undefined ? '?' : this.value(index)}(${this.values(callArgs)})`);
        if (data.targets.length > 0) parts[parts.length - 1] += `, ${targets(data.targets)}`;
        return parts.join(' ');
      }
      case 'trap':
        kw(imm.code);
        break;
      case 'tag':
        kw(`tag${imm.tag}`);
        break;
    }
    if (info?.format === 'br_table') {
      const entries = data.targets.slice(0, -1);
      const fallback = data.targets[data.targets.length - 1];
      const operands = [this.values(data.args), `[${targets(entries)}]`];
      if (fallback !== undefined) operands.push(this.blockCall(fallback));
      parts.push(operands.join(', '));
      return parts.join(' ');
    }
    const operands = [this.values(data.args), targets(data.targets)].filter((text) => text !== '');
    if (operands.length > 0) parts.push(operands.join(', '));
    return parts.join(' ');
  }

  /** `v1: i32, v2: i64 = op ...` */
  line(inst: Inst): string {
    const data = this.fn.insts[inst]!;
    const body = this.body(inst);
    if (data.results.length === 0) return body;
    const results = data.results.map((value) => `${this.value(value)}: ${this.paint('type', this.fn.values[value]!.type)}`);
    return `${results.join(', ')} = ${body}`;
  }

  /** Trailing data comment of an instruction: `@0x..` and result names. */
  instComment(inst: Inst): string {
    const data = this.fn.insts[inst]!;
    const items: string[] = [];
    if (data.srcOffset >= 0) items.push(`@0x${data.srcOffset.toString(16)}`);
    data.results.forEach((value, index) => {
      const name = this.fn.values[value]!.name;
      if (name !== null) items.push(index === 0 ? formatName(name) : `v${value}=${formatName(name)}`);
    });
    return items.length === 0 ? '' : this.paint('comment', ` ; ${items.join(' ')}`);
  }
}

/** One instruction as text (no indentation or comment), e.g. for error messages. */
export function formatInst(fn: IrFunction, inst: Inst): string {
  return new InstPrinter(fn, plain).line(inst);
}

export function printFunction(fn: IrFunction, options?: PrintOptions): string {
  const paint = painter(options);
  const printer = new InstPrinter(fn, paint);
  const name = fn.name === null ? '' : ` ${formatName(fn.name)}`;
  const headerComment = fn.srcOffset >= 0 ? paint('comment', ` ; @0x${fn.srcOffset.toString(16)}`) : '';
  const lines = [`${paint('keyword', 'function')} fn${fn.funcIndex}${name}: type${fn.typeIndex} {${headerComment}`];
  for (const block of fn.layout) {
    const data = fn.blocks[block]!;
    const params = data.params.map((value) => `${printer.value(value)}: ${paint('type', fn.values[value]!.type)}`);
    const names = data.params
      .filter((value) => fn.values[value]!.name !== null)
      .map((value) => `v${value}=${formatName(fn.values[value]!.name!)}`);
    const head = `${paint('block', `block${block}`)}${params.length === 0 ? '' : `(${params.join(', ')})`}:`;
    lines.push(names.length === 0 ? head : `${head}${paint('comment', ` ; ${names.join(' ')}`)}`);
    for (const inst of data.insts) lines.push(`    ${printer.line(inst)}${printer.instComment(inst)}`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function limitsText(limits: { min: number; max: number | null; shared: boolean; index64: boolean }): string {
  const parts = [limits.index64 ? 'i64' : 'i32', `min=${limits.min}`];
  if (limits.max !== null) parts.push(`max=${limits.max}`);
  if (limits.shared) parts.push('shared');
  return parts.join(' ');
}

/** Declarations of everything IR functions may refer to; `defined` functions get no `fnN:` line. */
export function printEnv(env: ModuleEnv, defined: ReadonlySet<number>): string {
  const lines: string[] = [];
  env.types.forEach((type, i) => lines.push(`type${i} = (${type.params.join(', ')}) -> (${type.results.join(', ')})`));
  env.funcTypes.forEach((type, i) => {
    if (!defined.has(i)) lines.push(`fn${i}: type${type}`);
  });
  env.memories.forEach((memory, i) => lines.push(`mem${i}: ${limitsText(memory.limits)}`));
  env.tables.forEach((table, i) => lines.push(`table${i}: ${table.element} ${limitsText(table.limits)}`));
  env.globals.forEach((global, i) => lines.push(`g${i}: ${global.mutable ? 'mut ' : ''}${global.type}`));
  env.tags.forEach((tag, i) => lines.push(`tag${i}: type${tag.typeIndex}`));
  env.elemTypes.forEach((type, i) => lines.push(`elem${i}: ${type}`));
  if (env.dataCount > 0) lines.push(`data_segments ${env.dataCount}`);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

export function printModule(module: IrModule, options?: PrintOptions): string {
  const defined = new Set(module.functions.map((fn) => fn.funcIndex));
  const sections = [printEnv(module.env, defined), ...module.functions.map((fn) => printFunction(fn, options))];
  return sections.filter((text) => text !== '').join('\n');
}
