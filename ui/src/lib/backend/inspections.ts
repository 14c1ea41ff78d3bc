// The shapes of the daily inspection commands (`commands::inspections`, 附件1). All generated
// from the core's Rust types: the state machine's actions travel with every inspection.
export type {
  DeviceMark,
  DeviceResult,
  Indicator,
  Inspection,
  InspectionAction,
  InspectionDetail,
  InspectionDevice,
  InspectionItem,
  InspectionPoint,
  InspectionState,
  Marked,
  PointMark,
  PointResult,
} from './generated';
