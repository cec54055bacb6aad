/**
 * Elementary functions that give the same bits in every JavaScript engine.
 *
 * ECMAScript leaves Math.exp, log, pow, cbrt, sin, atan2, … "implementation-approximated": Node 20
 * and Chromium 156 disagree in the last bit for 0.1–20 % of arguments (and so do two Node versions).
 * A feature built on them then differs between the CLI and the web app, and a report is not
 * byte-identical. These are @stdlib's ports of FreeBSD's msun: plain IEEE-754 arithmetic, the same
 * result everywhere, within 1 ulp of the exact value. Math.sqrt, Math.hypot, `x * x`, `x ** 2` and
 * `2 ** n` are exact or engine-independent already and stay as they are; a source test
 * (test/analysis/core/portableMath.test.ts) keeps every other Math function out of the code.
 */
import { stdAtan, stdAtan2, stdAtanh, stdCbrt, stdCos, stdExp, stdExpm1, stdLn, stdLog10, stdLog1p, stdLog2, stdPow, stdSin, stdTan, stdTanh } from "./bundled/stdlibMath.js";

export const exp: (x: number) => number = stdExp;
export const expm1: (x: number) => number = stdExpm1;
/** natural logarithm (Math.log). */
export const log: (x: number) => number = stdLn;
export const log2: (x: number) => number = stdLog2;
export const log10: (x: number) => number = stdLog10;
export const log1p: (x: number) => number = stdLog1p;
export const pow: (x: number, y: number) => number = stdPow;
export const cbrt: (x: number) => number = stdCbrt;
export const sin: (x: number) => number = stdSin;
export const cos: (x: number) => number = stdCos;
export const tan: (x: number) => number = stdTan;
export const atan: (x: number) => number = stdAtan;
export const atan2: (y: number, x: number) => number = stdAtan2;
export const tanh: (x: number) => number = stdTanh;
export const atanh: (x: number) => number = stdAtanh;
