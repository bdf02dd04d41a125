/**
 * A growable Int32Array of bytecode with labels: a reference to a label is written as a
 * placeholder and patched with the label's position when the code is finished.
 */
import { InterpreterCompileError } from './context.js';

export class CodeWriter {
  private words = new Int32Array(256);
  private size = 0;
  private readonly labels: number[] = [];
  private readonly fixups: { at: number; label: number }[] = [];

  get position(): number {
    return this.size;
  }

  emit(...words: number[]): void {
    for (const word of words) this.push(word);
  }

  newLabel(): number {
    this.labels.push(-1);
    return this.labels.length - 1;
  }

  bind(label: number): void {
    if (this.labels[label] !== -1) throw new InterpreterCompileError(`label ${label} bound twice`);
    this.labels[label] = this.size;
  }

  labelPosition(label: number): number {
    const at = this.labels[label];
    if (at === undefined || at < 0) throw new InterpreterCompileError(`label ${label} is never bound`);
    return at;
  }

  /** Writes a reference to `label` (patched by `finish`). */
  emitLabel(label: number): void {
    this.fixups.push({ at: this.size, label });
    this.push(-1);
  }

  finish(): Int32Array {
    for (const { at, label } of this.fixups) this.words[at] = this.labelPosition(label);
    return this.words.slice(0, this.size);
  }

  private push(word: number): void {
    if (!Number.isInteger(word) || word < -0x80000000 || word > 0x7fffffff) {
      throw new InterpreterCompileError(`bytecode word out of range: ${word}`);
    }
    if (this.size === this.words.length) {
      const grown = new Int32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    this.words[this.size++] = word;
  }
}
