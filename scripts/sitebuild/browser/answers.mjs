// @ts-check
// The answers as text: from the form to a query string, into the address and
// the language links' #fragment, and back. Pure functions of strings, used by
// checker.js and tested by node --test (tests/js/answers.test.mjs). Nothing
// here reads a number: Python reads the answers in the page's language.

/** @typedef {Map<string, string>} QuestionTypes a question's id -> its type (rules.toml) */
/** @typedef {{ carry: string, result: string, form: string }} FragmentKeys protocol.json "fragment" */

/** A radio group's empty value is an explicit "I don't know": it is kept. */
const RADIO_TYPES = ["boolean", "choice"];

/**
 * The form's answers as typed, as a URL query string: a question left blank
 * is left out (unknown); a chosen "I don't know" stays, so that a shared or
 * carried link shows it chosen (Python reads it as unknown too).
 * @param {Iterable<[string, unknown]>} entries the form's, as FormData gives them (a file is skipped)
 * @param {QuestionTypes} types
 */
export function answersQuery(entries, types) {
  const params = new URLSearchParams();
  for (const [key, value] of entries) {
    if (typeof value !== "string") continue;
    if (value.trim() !== "" || RADIO_TYPES.includes(types.get(key) || "")) params.append(key, value);
  }
  return params.toString();
}

/**
 * A query for the address: a multi question's items joined by commas, each
 * question once, in the form's order.
 * @param {string} query
 * @param {QuestionTypes} types
 */
export function compactQuery(query, types) {
  /** @type {Map<string, string>} */
  const joined = new Map();
  for (const [key, value] of new URLSearchParams(query)) {
    const multi = types.get(key) === "multi";
    joined.set(key, multi && joined.has(key) ? `${joined.get(key)},${value}` : value);
  }
  return new URLSearchParams([...joined]).toString().replaceAll("%2C", ",");
}

/**
 * Whether a multi question's answer, as the address holds it, includes `item`.
 * @param {string} answer
 * @param {string} item
 */
export function includesItem(answer, item) {
  return answer.split(",").includes(item);
}

/**
 * Whether an address's #fragment holds answers (not, say, "#main").
 * @param {string} hash location.hash, "#" included
 */
export function isAnswerFragment(hash) {
  return hash.length > 1 && hash.includes("=");
}

/**
 * A fragment as the page opens it. `carried`: null for a shared link, else
 * what the other language's page showed (keys.result or keys.form).
 * @param {string} hash location.hash, "#" included
 * @param {FragmentKeys} keys
 * @returns {{ query: string, carried: string | null }}
 */
export function readFragment(hash, keys) {
  const params = new URLSearchParams(hash.slice(1));
  const carried = params.get(keys.carry);
  params.delete(keys.carry);
  return { query: carried === null ? hash.slice(1) : params.toString(), carried };
}

/**
 * The #fragment (without "#") the language links carry: a shared link the
 * address holds, as it is; else the form's answers marked as carried, with
 * what the page shows; "" when there is nothing to carry.
 * @param {{ sharedHash: string | null, query: string, types: QuestionTypes, showing: string, keys: FragmentKeys }} state
 *   sharedHash: the address's fragment while it holds the form's answers, else null
 */
export function carriedFragment({ sharedHash, query, types, showing, keys }) {
  if (sharedHash !== null && isAnswerFragment(sharedHash)) return sharedHash.slice(1);
  return query ? `${compactQuery(query, types)}&${keys.carry}=${showing}` : "";
}
