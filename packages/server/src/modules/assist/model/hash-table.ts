/**
 * A map from 32-bit feature hashes to non-negative integers (counts while training, column
 * indexes once trained), open addressing on typed arrays: counting features over 100,000 rows
 * touches tens of millions of keys, and a JS Map of that size costs several times the memory
 * and time.
 */
export class HashTable {
  private keys: Uint32Array;
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    let cap = 1024;
    while (cap < capacity * 2) cap *= 2;
    this.keys = new Uint32Array(cap);
    this.values = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  private slot(key: number): number {
    // Hashes are already mixed; the low bits index.
    let s = key & this.mask;
    while (this.values[s] !== -1 && this.keys[s] !== key) s = (s + 1) & this.mask;
    return s;
  }

  get(key: number): number {
    return this.values[this.slot(key)]!;
  }

  set(key: number, value: number): void {
    const s = this.slot(key);
    if (this.values[s] === -1) {
      this.keys[s] = key;
      this.size++;
    }
    this.values[s] = value;
    if (this.size * 2 > this.mask) this.grow();
  }

  add(key: number, by: number): void {
    const s = this.slot(key);
    if (this.values[s] === -1) {
      this.keys[s] = key;
      this.values[s] = by;
      this.size++;
      if (this.size * 2 > this.mask) this.grow();
    } else this.values[s]! += by;
  }

  forEach(fn: (key: number, value: number) => void): void {
    for (let s = 0; s <= this.mask; s++) if (this.values[s] !== -1) fn(this.keys[s]!, this.values[s]!);
  }

  private grow(): void {
    const { keys, values } = this;
    const cap = (this.mask + 1) * 2;
    this.keys = new Uint32Array(cap);
    this.values = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    this.size = 0;
    for (let s = 0; s < keys.length; s++) if (values[s] !== -1) this.set(keys[s]!, values[s]!);
  }
}
