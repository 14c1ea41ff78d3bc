// The shapes of the racking-request commands (`commands::requests`), all generated from Rust.
export type {
  NewDevice,
  RackingRequest,
  RequestAnswer,
  RequestCheck,
  RequestDraft,
  RequestExecuted,
  RequestKind,
  RequestRow,
  RequestState,
  ReservedUnits,
  RowCheck,
  RowDraft,
} from './generated';
