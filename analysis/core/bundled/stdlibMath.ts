/**
 * @stdlib's elementary functions (see portableMath.ts), in one module. The build bundles this file
 * into one (scripts/bundle-libraries.mjs): as published, the fifteen packages are 215 small
 * CommonJS files that take about 66 ms to resolve and load, a tenth of a small `features` call;
 * bundled, about 11 ms.
 */
export { default as stdAtan } from "@stdlib/math-base-special-atan";
export { default as stdAtan2 } from "@stdlib/math-base-special-atan2";
export { default as stdAtanh } from "@stdlib/math-base-special-atanh";
export { default as stdCbrt } from "@stdlib/math-base-special-cbrt";
export { default as stdCos } from "@stdlib/math-base-special-cos";
export { default as stdExp } from "@stdlib/math-base-special-exp";
export { default as stdExpm1 } from "@stdlib/math-base-special-expm1";
export { default as stdLn } from "@stdlib/math-base-special-ln";
export { default as stdLog10 } from "@stdlib/math-base-special-log10";
export { default as stdLog1p } from "@stdlib/math-base-special-log1p";
export { default as stdLog2 } from "@stdlib/math-base-special-log2";
export { default as stdPow } from "@stdlib/math-base-special-pow";
export { default as stdSin } from "@stdlib/math-base-special-sin";
export { default as stdTan } from "@stdlib/math-base-special-tan";
export { default as stdTanh } from "@stdlib/math-base-special-tanh";
