import type { ColumnLevels } from "./hierarchy.js";

/**
 * Equivalence classes of the table generalised to one lattice node (a level per quasi-identifier),
 * built column by column: class ids so far × the column's label code, renumbered densely. The
 * renumbering uses a flat lookup table while (classes × labels) is small, a Map otherwise, so a node
 * costs a few passes over typed arrays.
 */
const DENSE_LIMIT = 1 << 22;

export class NodeClassifier {
  private readonly dense = new Int32Array(DENSE_LIMIT).fill(-1);
  private readonly classOf: Int32Array;
  private readonly next: Int32Array;

  constructor(private readonly columns: ColumnLevels[], private readonly rows: number) {
    this.classOf = new Int32Array(rows);
    this.next = new Int32Array(rows);
  }

  /** Class of every row at `node`, and the sizes of the classes (the returned array is reused by the next call). */
  classify(node: readonly number[]): { classOf: Int32Array; sizes: number[] } {
    let classOf = this.classOf;
    let count = 1;
    classOf.fill(0);
    for (let c = 0; c < this.columns.length; c++) {
      const col = this.columns[c];
      const level = node[c];
      const card = col.cardinality[level];
      if (card === 1) continue;
      const codes = col.codes[level];
      const valueOf = col.valueOf;
      const out = classOf === this.classOf ? this.next : this.classOf;
      let fresh = 0;
      if (count * card <= DENSE_LIMIT) {
        const table = this.dense;
        for (let r = 0; r < this.rows; r++) {
          const key = classOf[r] * card + codes[valueOf[r]];
          let id = table[key];
          if (id < 0) table[key] = id = fresh++;
          out[r] = id;
        }
        for (let r = 0; r < this.rows; r++) table[classOf[r] * card + codes[valueOf[r]]] = -1;
      } else {
        const ids = new Map<number, number>();
        for (let r = 0; r < this.rows; r++) {
          const key = classOf[r] * card + codes[valueOf[r]];
          let id = ids.get(key);
          if (id === undefined) ids.set(key, (id = fresh++));
          out[r] = id;
        }
      }
      classOf = out;
      count = fresh;
    }
    const sizes = new Array<number>(count).fill(0);
    for (let r = 0; r < this.rows; r++) sizes[classOf[r]]++;
    return { classOf, sizes };
  }
}
