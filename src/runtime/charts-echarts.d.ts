/**
 * Types for ECharts' single-file ESM build. charts.ts loads that build instead of the
 * tree-shakable `echarts/core` + `echarts/charts` modules: one 1 MB file loads in ~0.2 s under
 * tsx, the hundreds of small modules take 2–4 s. Its API is the full `echarts` one.
 */
declare module 'echarts/dist/echarts.esm.min' {
  export * from 'echarts';
}
