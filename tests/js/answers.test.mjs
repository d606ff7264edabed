// @ts-check
// The answers as text (scripts/sitebuild/browser/answers.mjs): the form's
// entries to a query, the address's compact form, the language links' fragment
// and reading it back. The question types and keys are the site's own.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

import {
  answersQuery,
  carriedFragment,
  compactQuery,
  includesItem,
  isAnswerFragment,
  readFragment,
} from "../../scripts/sitebuild/browser/answers.mjs";

const protocol = JSON.parse(
  readFileSync(new URL("../../scripts/sitebuild/browser/protocol.json", import.meta.url), "utf8"),
);
/** @type {{ carry: string, result: string, form: string }} */
const KEYS = protocol.fragment;

/** @type {Map<string, string>} */
const TYPES = new Map([
  ["management_fte", "number"],
  ["committed_members", "integer"],
  ["member_types", "multi"],
  ["eccp_profile", "choice"],
  ["bronze_valid", "boolean"],
  ["bronze_interview_month", "month"],
]);

describe("answersQuery", () => {
  it("keeps what was typed, as text, in the form's order", () => {
    const query = answersQuery(
      [
        ["management_fte", "0,5"],
        ["committed_members", "1 000"],
      ],
      TYPES,
    );
    assert.equal(query, "management_fte=0%2C5&committed_members=1+000");
    assert.deepEqual(
      [...new URLSearchParams(query)],
      [
        ["management_fte", "0,5"],
        ["committed_members", "1 000"],
      ],
    );
  });

  it("leaves out a blank text field but keeps a radio's chosen 'I don't know'", () => {
    const query = answersQuery(
      [
        ["management_fte", "  "],
        ["committed_members", ""],
        ["eccp_profile", ""],
        ["bronze_valid", ""],
      ],
      TYPES,
    );
    assert.deepEqual(
      [...new URLSearchParams(query)],
      [
        ["eccp_profile", ""],
        ["bronze_valid", ""],
      ],
    );
  });

  it("keeps each ticked item of a multi question", () => {
    const query = answersQuery(
      [
        ["member_types", "business"],
        ["member_types", "research"],
      ],
      TYPES,
    );
    assert.deepEqual(new URLSearchParams(query).getAll("member_types"), ["business", "research"]);
  });

  it("skips what is not text (a file) and keeps a name the rules do not know as typed", () => {
    const query = answersQuery(
      [
        ["upload", { name: "x.png" }],
        ["whatever", "1"],
      ],
      TYPES,
    );
    assert.equal(query, "whatever=1");
  });

  it("gives nothing for nothing", () => {
    assert.equal(answersQuery([], TYPES), "");
  });
});

describe("compactQuery", () => {
  it("joins a multi question's items with commas, readable in the address", () => {
    const query = "member_types=business&committed_members=12&member_types=research";
    assert.equal(compactQuery(query, TYPES), "member_types=business,research&committed_members=12");
  });

  it("keeps the last value of a repeated single answer", () => {
    assert.equal(compactQuery("committed_members=1&committed_members=2", TYPES), "committed_members=2");
  });

  it("keeps a typed comma of a number a comma, and other characters encoded", () => {
    const compact = compactQuery("management_fte=0%2C5&committed_members=%3Cb%3E%26", TYPES);
    assert.equal(compact, "management_fte=0,5&committed_members=%3Cb%3E%26");
    assert.equal(new URLSearchParams(compact).get("committed_members"), "<b>&");
  });

  it("and a multi's items read back one by one", () => {
    const answer = new URLSearchParams(compactQuery("member_types=business&member_types=research", TYPES)).get(
      "member_types",
    );
    assert.ok(answer !== null);
    assert.ok(includesItem(answer, "business") && includesItem(answer, "research"));
    assert.ok(!includesItem(answer, "bus") && !includesItem(answer, "public"));
  });
});

describe("isAnswerFragment", () => {
  for (const hash of ["", "#", "#main", "#checker-result", "#committed_members"]) {
    it(`${JSON.stringify(hash)} holds no answers`, () => assert.equal(isAnswerFragment(hash), false));
  }
  for (const hash of ["#committed_members=12", "#x=", "#management_fte=0,5&carry=form"]) {
    it(`${JSON.stringify(hash)} holds answers`, () => assert.equal(isAnswerFragment(hash), true));
  }
});

describe("readFragment", () => {
  it("reads a shared link as it is", () => {
    assert.deepEqual(readFragment("#committed_members=12&member_types=business,research", KEYS), {
      query: "committed_members=12&member_types=business,research",
      carried: null,
    });
  });

  it("reads answers carried by the language switch without the carry key", () => {
    for (const showing of [KEYS.result, KEYS.form]) {
      const { query, carried } = readFragment(`#committed_members=12&${KEYS.carry}=${showing}&eccp_profile=`, KEYS);
      assert.equal(carried, showing);
      assert.deepEqual(
        [...new URLSearchParams(query)],
        [
          ["committed_members", "12"],
          ["eccp_profile", ""],
        ],
      );
    }
  });

  it("leaves hostile text text", () => {
    const { query } = readFragment("#committed_members=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", KEYS);
    assert.equal(new URLSearchParams(query).get("committed_members"), "<img src=x onerror=alert(1)>");
  });
});

describe("carriedFragment", () => {
  const state = { query: "committed_members=12&member_types=business&member_types=research", types: TYPES, keys: KEYS };

  it("carries the form's answers marked with what the page shows", () => {
    const fragment = carriedFragment({ ...state, sharedHash: null, showing: KEYS.result });
    assert.equal(fragment, `committed_members=12&member_types=business,research&${KEYS.carry}=${KEYS.result}`);
  });

  it("carries a shared link the address holds as it is, still shared on the other page", () => {
    const fragment = carriedFragment({ ...state, sharedHash: "#committed_members=9", showing: KEYS.form });
    assert.equal(fragment, "committed_members=9");
    assert.equal(readFragment(`#${fragment}`, KEYS).carried, null);
  });

  it("carries the form's answers when the address no longer holds answers", () => {
    const fragment = carriedFragment({ ...state, sharedHash: "#main", showing: KEYS.form });
    assert.equal(readFragment(`#${fragment}`, KEYS).carried, KEYS.form);
  });

  it("carries nothing from an empty form", () => {
    assert.equal(carriedFragment({ ...state, query: "", sharedHash: null, showing: KEYS.form }), "");
  });

  it("round trip: what the other page reads is what this form holds", () => {
    const fragment = carriedFragment({ ...state, sharedHash: null, showing: KEYS.form });
    const { query } = readFragment(`#${fragment}`, KEYS);
    assert.deepEqual([...new URLSearchParams(query)], [...new URLSearchParams(compactQuery(state.query, TYPES))]);
  });
});
