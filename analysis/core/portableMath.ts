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
 *
 * The build bundles this module into one file (scripts/bundle-libraries.mjs): as published, the
 * fifteen packages are 215 small CommonJS files that take about 66 ms to resolve and load, a tenth
 * of a small `features` call; bundled, about 11 ms.
 */
export { default as exp } from "@stdlib/math-base-special-exp";
export { default as expm1 } from "@stdlib/math-base-special-expm1";
/** natural logarithm (Math.log). */
export { default as log } from "@stdlib/math-base-special-ln";
export { default as log2 } from "@stdlib/math-base-special-log2";
export { default as log10 } from "@stdlib/math-base-special-log10";
export { default as log1p } from "@stdlib/math-base-special-log1p";
export { default as pow } from "@stdlib/math-base-special-pow";
export { default as cbrt } from "@stdlib/math-base-special-cbrt";
export { default as sin } from "@stdlib/math-base-special-sin";
export { default as cos } from "@stdlib/math-base-special-cos";
export { default as tan } from "@stdlib/math-base-special-tan";
export { default as atan } from "@stdlib/math-base-special-atan";
export { default as atan2 } from "@stdlib/math-base-special-atan2";
export { default as tanh } from "@stdlib/math-base-special-tanh";
export { default as atanh } from "@stdlib/math-base-special-atanh";
