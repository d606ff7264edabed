// The engine's result as checker.js reads it: the fields it renders of the
// TypedDicts in checker/_types.py (the shape's one home; same names here).
// tests/unit/test_api.py holds every field here to a key there.

export type Lang = "fi" | "en";

export interface Source {
  url: string;
  title: string;
  title_lang: Lang;
}

export interface Link {
  url: string;
  title: string;
  title_lang: Lang;
}

export interface ErrorEntry {
  field: string | null;
  message: string;
}

export interface ErrorResult {
  errors: ErrorEntry[];
}

export interface Criterion {
  id: string;
  kind: "required" | "advisory";
  status: "met" | "not_met" | "unknown" | "waived";
  status_label: string;
  name: string;
  message: string;
  next_step: string | null;
  source: Source;
}

export interface Answer {
  id: string;
  question: string;
  display: string;
  state: "answered" | "unknown" | "not_used";
  state_label: string;
  note: string | null;
}

export interface NextStep {
  id: string;
  text: string;
  links: Link[];
}

export interface TimelineEvent {
  label: string;
  id: string;
  text: string;
}

export interface TimelineNote {
  id: string;
  text: string;
}

export interface Timeline {
  events: TimelineEvent[];
  notes: TimelineNote[];
}

export interface Label {
  name: string;
  requirements: string[];
  validity: string;
  sources: Source[];
  caveat?: string;
}

export interface FeeItem {
  label: string;
  amount: string;
}

export interface Fees {
  note: string;
  items: FeeItem[];
}

export interface NextLabels {
  labels: Label[];
  fees: Fees;
}

export interface Result {
  errors?: undefined;
  verdict: string;
  verdict_label: string;
  summary: string;
  criteria: Criterion[];
  advice: Criterion[];
  answers: Answer[];
  next_steps: NextStep[];
  timeline: Timeline | null;
  next_labels: NextLabels;
  rules_version: string;
}
