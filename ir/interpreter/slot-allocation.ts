/**
 * Frame slots for SSA values, reused once a value is dead, with block parameters coalesced
 * with the edge arguments passed to them where their live ranges allow (then the edge copies
 * nothing: a loop's back edge usually becomes a plain jump).
 *
 * Liveness is the usual backward dataflow over the CFG (bit sets per block). Each value's
 * live range is approximated by its hull in a linear numbering of the code: block start,
 * then per instruction a read position followed by a write position, then block end. Two
 * values whose hulls are disjoint are never live at the same time, so they may share a slot.
 * An instruction that may write a result before it has read all operands (anything run by a
 * fallback closure) reads at its write position, so its operands and results never share.
 *
 * Register files: i32/f32/f64 take one N slot, v128 four consecutive N slots, the rest one
 * O slot; N and O slot numbers are independent. Entry parameters keep the signature's slots.
 */
import type { Inst, IrFunction, Value } from '../function.js';
import { bankOf, type Bank, type FrameLayout, type SignatureLayout } from './layout.js';

export interface AllocationInput {
  fn: IrFunction;
  signature: SignatureLayout;
  /** Whether the instruction is emitted (dead code and fused comparisons are not). */
  emitted(inst: Inst): boolean;
  /** Values the emitted instruction reads (for a terminator, including edge arguments). */
  reads(inst: Inst): readonly Value[];
  /** Whether the instruction reads all operands before writing any result. */
  readsBeforeWrites(inst: Inst): boolean;
  /** Values defined at function entry instead of by their instruction (hoisted constants). */
  hoisted: ReadonlySet<Value>;
}

class BitSet {
  readonly words: Uint32Array;
  constructor(size: number) {
    this.words = new Uint32Array((size + 31) >>> 5);
  }
  add(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }
  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }
  forEach(visit: (i: number) => void): void {
    this.words.forEach((word, w) => {
      for (let bits = word; bits !== 0; bits &= bits - 1) visit((w << 5) + 31 - Math.clz32(bits & -bits));
    });
  }
}

/** live-in sets of the layout's blocks. */
function liveness(input: AllocationInput): Map<number, BitSet> {
  const { fn } = input;
  const count = fn.values.length;
  const uses = new Map<number, BitSet>();
  const defs = new Map<number, BitSet>();
  for (const block of fn.layout) {
    const use = new BitSet(count);
    const def = new BitSet(count);
    for (const param of fn.blocks[block]!.params) def.add(param);
    if (block === fn.layout[0]) for (const value of input.hoisted) def.add(value);
    for (const id of fn.blocks[block]!.insts) {
      if (!input.emitted(id)) continue;
      for (const value of input.reads(id)) if (!def.has(value)) use.add(value);
      for (const value of fn.insts[id]!.results) if (!input.hoisted.has(value)) def.add(value);
    }
    uses.set(block, use);
    defs.set(block, def);
  }
  const liveIn = new Map<number, BitSet>(fn.layout.map((block) => [block, new BitSet(count)]));
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = fn.layout.length - 1; i >= 0; i--) {
      const block = fn.layout[i]!;
      const out = liveOut(fn, block, liveIn, count);
      const use = uses.get(block)!.words;
      const def = defs.get(block)!.words;
      const into = liveIn.get(block)!.words;
      for (let w = 0; w < into.length; w++) {
        // `>>> 0`: bitwise results are int32, the set's words uint32 (bit 31 would never compare equal).
        const next = (use[w]! | (out.words[w]! & ~def[w]!)) >>> 0;
        if (next !== into[w]) {
          into[w] = next;
          changed = true;
        }
      }
    }
  }
  return liveIn;
}

function liveOut(fn: IrFunction, block: number, liveIn: Map<number, BitSet>, count: number): BitSet {
  const out = new BitSet(count);
  const insts = fn.blocks[block]!.insts;
  const term = insts.length > 0 ? fn.insts[insts[insts.length - 1]!]! : null;
  for (const target of term?.targets ?? []) {
    const live = liveIn.get(target.block);
    if (live !== undefined) live.words.forEach((word, w) => (out.words[w]! |= word));
  }
  return out;
}

/** Hull of each value's live range in the linear numbering (lo > hi: never live). */
function liveHulls(input: AllocationInput): { lo: Int32Array; hi: Int32Array } {
  const { fn } = input;
  const liveIn = liveness(input);
  const lo = new Int32Array(fn.values.length).fill(0x7fffffff);
  const hi = new Int32Array(fn.values.length).fill(-1);
  const touch = (value: Value, at: number): void => {
    if (at < lo[value]!) lo[value] = at;
    if (at > hi[value]!) hi[value] = at;
  };
  let position = 0;
  for (const block of fn.layout) {
    const start = position++;
    for (const param of fn.blocks[block]!.params) touch(param, start);
    if (block === fn.layout[0]) for (const value of input.hoisted) touch(value, start);
    liveIn.get(block)!.forEach((value) => touch(value, start));
    for (const id of fn.blocks[block]!.insts) {
      if (!input.emitted(id)) continue;
      const read = position;
      const write = position + 1;
      position += 2;
      const at = input.readsBeforeWrites(id) ? read : write;
      for (const value of input.reads(id)) touch(value, at);
      for (const value of fn.insts[id]!.results) if (!input.hoisted.has(value)) touch(value, write);
    }
    const end = position++;
    liveOut(fn, block, liveIn, fn.values.length).forEach((value) => touch(value, end));
  }
  return { lo, hi };
}

type SlotKind = Bank;

interface Group {
  members: Value[];
  kind: SlotKind;
  lo: number;
  hi: number;
  /** Fixed slot (entry parameters), or -1. */
  fixed: number;
}

function overlaps(a: Group, b: Group, lo: Int32Array, hi: Int32Array): boolean {
  if (a.hi < b.lo || b.hi < a.lo) return false;
  return a.members.some((x) => b.members.some((y) => lo[x]! <= hi[y]! && lo[y]! <= hi[x]!));
}

export function allocateSlots(input: AllocationInput): FrameLayout {
  const { fn, signature } = input;
  const { lo, hi } = liveHulls(input);
  const groupOf = new Array<Group | null>(fn.values.length).fill(null);
  const live = (value: Value): boolean => lo[value]! <= hi[value]!;
  for (let value = 0; value < fn.values.length; value++) {
    if (!live(value)) continue;
    groupOf[value] = { members: [value], kind: bankOf(fn.values[value]!.type), lo: lo[value]!, hi: hi[value]!, fixed: -1 };
  }
  const entry = fn.blocks[fn.layout[0]!]!;
  entry.params.forEach((value, i) => {
    const group = groupOf[value];
    if (group !== null && group !== undefined) group.fixed = signature.params.offsets[i]!;
  });

  // Coalesce edge arguments with the parameters they feed.
  for (const block of fn.layout) {
    for (const id of fn.blocks[block]!.insts) {
      if (!input.emitted(id)) continue;
      for (const call of fn.insts[id]!.targets) {
        const params = fn.blocks[call.block]!.params;
        // Implicit parameters (call results, caught values) come first; edge args feed the rest.
        const firstArgParam = params.length - call.args.length;
        call.args.forEach((arg, i) => {
          const a = groupOf[arg];
          const p = groupOf[params[firstArgParam + i]!];
          if (a === null || a === undefined || p === null || p === undefined || a === p || a.kind !== p.kind) return;
          if ((a.fixed >= 0 && p.fixed >= 0) || overlaps(a, p, lo, hi)) return;
          a.members.push(...p.members);
          a.lo = Math.min(a.lo, p.lo);
          a.hi = Math.max(a.hi, p.hi);
          a.fixed = Math.max(a.fixed, p.fixed);
          for (const member of p.members) groupOf[member] = a;
        });
      }
    }
  }

  // Linear scan over the groups by start: a slot is reused once its group's hull has ended.
  const groups = [...new Set(groupOf.filter((group): group is Group => group !== null))].sort((x, y) => x.lo - y.lo || y.fixed - x.fixed);
  const slotOf = new Map<Group, number>();
  const free: Record<SlotKind, number[]> = { n: [], v: [], o: [] };
  let nextN = signature.params.size;
  let nextO = signature.params.size;
  let active: Group[] = [];
  for (const group of groups) {
    active = active.filter((other) => {
      if (other.hi >= group.lo) return true;
      free[other.kind].push(slotOf.get(other)!);
      return false;
    });
    let slot = group.fixed;
    if (slot < 0) {
      slot = free[group.kind].pop() ?? -1;
      if (slot < 0 && group.kind === 'o') slot = nextO++;
      if (slot < 0) {
        slot = nextN;
        nextN += group.kind === 'v' ? 4 : 1;
      }
    }
    slotOf.set(group, slot);
    active.push(group);
  }
  const slots = new Int32Array(fn.values.length).fill(-1);
  groupOf.forEach((group, value) => {
    if (group !== null) slots[value] = slotOf.get(group)!;
  });
  return { slots, size: Math.max(nextN, nextO) };
}
