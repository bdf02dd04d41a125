/**
 * bounds-check — static bounds-check elimination for constant addresses.
 *
 * A load or store whose address operand is a constant `a` touches bytes
 * [a + offset, a + offset + width). Linear memory never shrinks, so when that range ends at
 * or below the memory's declared minimum size (for an imported memory, the minimum its
 * import type demands) the access can never be out of bounds: the pass sets
 * `MemArgImm.inBounds`, and the interpreter and back ends skip the check (and dce may then
 * delete an unused load, which no longer traps).
 *
 * Atomic accesses are left alone: they also trap on misalignment, which `inBounds` does not
 * cover. Sound because the proven range lies inside every size the memory can have.
 */
import type { IrFunction } from '../function.js';
import { Effect, opInfo } from '../opcodes/index.js';
import { constantOf, forEachAttachedInst } from './ir-edit.js';
import type { FunctionPass, PassContext } from './pass.js';

const WASM_PAGE_BYTES = 65536;

function runBoundsCheck(fn: IrFunction, { env }: PassContext): boolean {
  let changed = false;
  forEachAttachedInst(fn, (data) => {
    const imm = data.imm;
    if (imm.kind !== 'memarg' || imm.inBounds) return;
    const info = opInfo(data.opcode);
    if ((info.effects & Effect.Atomic) !== 0 || info.accessBytes === 0) return;
    const memory = env.memories[imm.memory];
    const address = data.args.length === 0 ? null : constantOf(fn, data.args[0]!);
    if (memory === undefined || address === null) return;
    let start: bigint;
    if (address.kind === 'i32') start = BigInt(address.value >>> 0);
    else if (address.kind === 'i64') start = BigInt.asUintN(64, address.value);
    else return;
    const end = start + BigInt(imm.offset) + BigInt(info.accessBytes);
    if (end <= BigInt(memory.limits.min) * BigInt(WASM_PAGE_BYTES)) {
      data.imm = { ...imm, inBounds: true }; // a fresh immediate: never share a mutation
      changed = true;
    }
  });
  return changed;
}

export const boundsCheckPass: FunctionPass = {
  name: 'bounds-check',
  summary: 'mark loads/stores at constant addresses below the minimum memory size as in bounds',
  run: runBoundsCheck,
};
