/** Probes: instruments that observe a training run (never change it) and the columnar Recording they fill. */
export { layerMetrics, scalarMetrics, type LayerInfo, type LayerMetric, type NonFiniteEvent, type Recording, type ScalarMetric } from "./recording.js";
export { Recorder, isRecordedStep, type RecorderOptions } from "./recorder.js";
export { createRecording, openRecord, reserve, capacityOf } from "./columns.js";
export { defaultHistogram, histogramEdges, binning, binOf, addToHistogram, type HistogramSpec, type Binning } from "./histogram.js";
export { activationStats, ActOut } from "./activation-stats.js";
export { saturationRule, firstTrue, lastTrue, SATURATION_LEVEL, type SaturationCounter, type SaturationRule } from "./saturation.js";
export { sumOfSquares, squaredChange, shiftedMoments, firstNonFinite } from "./tensor-stats.js";
export { jsStatKernels, type StatKernels } from "./stat-kernels.js";
export { statKernelsFor } from "./kernels-for.js";
export { wasmStatKernels, type OwnedStatKernels, type StatVariant } from "./wasm/wasm-stat-kernels.js";
export { Sentinel, type Site } from "./sentinel.js";
export { accuracy } from "./accuracy.js";
export { layerInfoOf, probedParameters, type Observed, type ProbedParameter } from "./layout.js";
export { toJSON, fromJSON, type RecordingJson, type JsonNumber } from "./serialize.js";
export { series, stepSeries, histogramAt } from "./series.js";
