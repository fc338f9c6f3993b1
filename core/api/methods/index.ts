// Every API method. Each domain keeps its methods in its own file; add yours here.
import type { MethodDef } from '../registry.js';
import { caseMethods } from './case.js';
import { evidenceMethods } from './evidence.js';
import { eventMethods } from './events.js';
import { timelineMethods } from './timeline.js';
import { annotateMethods } from './annotate.js';
import { findingMethods } from './annotate-findings.js';
import { reportMethods } from './report.js';
import { exportAnnotatedMethods } from './export-annotated.js';
import { deriveMethods } from './derive.js';
import { analysisMethods } from './analysis.js';
import { graphMethods } from './graph.js';

export const METHODS: MethodDef[] = [
  ...caseMethods,
  ...evidenceMethods,
  ...eventMethods,
  ...timelineMethods,
  ...annotateMethods,
  ...findingMethods,
  ...reportMethods,
  ...exportAnnotatedMethods,
  ...deriveMethods,
  ...analysisMethods,
  ...graphMethods,
] as MethodDef[];
