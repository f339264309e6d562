// The careloop console: the inbox, a case, the review queue, incidents and stats over the agents' API on this origin.
// No framework: every view is built with DOM calls and textContent, never innerHTML, so customer text
// can never become markup.
"use strict";

const TOKEN_KEY = "careloop.token";
const PKCE_KEY = "careloop.pkce";
const STATUSES = ["NEW", "ACKNOWLEDGED", "PRIVATE", "HANDED_OFF", "ESCALATED", "WATCHING", "RESOLVED", "CLOSED", "MODERATED"];
const PLATFORMS = ["x", "facebook", "instagram", "mastodon", "bluesky"];
const PRIORITIES = ["P1", "P2", "P3", "P4"];
let config = { signIn: "token", templates: [] };

// ---- small DOM helpers -------------------------------------------------------------------------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "text") el.textContent = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

function field(label, control) {
  return h("label", {}, label, control);
}

function select(name, options, value, extra) {
  return h("select", Object.assign({ name }, extra || {}),
    options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)));
}

const main = () => document.getElementById("main");

function show(title, ...content) {
  const m = main();
  m.replaceChildren(h("h1", { text: title }), ...content.flat().filter((c) => c !== null && c !== undefined && c !== false));
  document.title = title + " · careloop";
  m.focus();
}

function say(message) {
  document.getElementById("alert").hidden = true;
  document.getElementById("status").textContent = message;
}

function fail(message) {
  const alert = document.getElementById("alert");
  alert.textContent = message;
  alert.hidden = false;
}

// ---- the API -----------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, message, body) { super(message); this.status = status; this.body = body; }
}

async function api(method, path, body) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const response = await fetch(path, {
    method,
    headers: Object.assign({ authorization: "Bearer " + token }, body ? { "content-type": "application/json" } : {}),
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    signIn("Your sign-in has expired or was refused; please sign in again.");
    throw new ApiError(401, "not signed in", data);
  }
  if (!response.ok) {
    const reason = data && (data.error || data.message) || ("HTTP " + response.status);
    throw new ApiError(response.status, reason, data);
  }
  return data;
}

// The API's reason for a refusal, with the guardrail that fired when there is one (422).
function reasonOf(e) {
  return e.body && e.body.rule ? e.message + " (rule: " + e.body.rule + ")" : e.message;
}

// Runs an action, announcing success or showing the API's reason for a refusal.
async function act(label, fn) {
  try {
    const result = await fn();
    if (label) say(label);
    return result;
  } catch (e) {
    if (e.status !== 401) fail(reasonOf(e));
    return null;
  }
}

// ---- sign-in -----------------------------------------------------------------------------------

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function redirectUri() {
  return location.origin + "/console";
}

async function startOAuth() {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const url = new URL(config.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: "code", client_id: config.clientId, redirect_uri: redirectUri(), scope: config.scopes,
    state, code_challenge: challenge, code_challenge_method: "S256",
  }).toString();
  location.assign(url.toString());
}

// Back from the hosted sign-in with ?code=…: exchange it (with the PKCE verifier) for an access token.
async function finishOAuth(params) {
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) || "null");
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, "", "/console");
  if (!saved || saved.state !== params.get("state")) {
    throw new Error("the sign-in response did not match this browser's request; please sign in again");
  }
  const response = await fetch(config.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code", client_id: config.clientId, code: params.get("code"),
      redirect_uri: redirectUri(), code_verifier: saved.verifier,
    }),
  });
  if (!response.ok) throw new Error("the issuer refused the sign-in (HTTP " + response.status + ")");
  const tokens = await response.json();
  // The access token carries the groups (viewer, agent, lead) the agents' API checks.
  sessionStorage.setItem(TOKEN_KEY, tokens.access_token);
}

function signIn(message) {
  document.getElementById("nav").hidden = true;
  if (config.signIn === "oauth") {
    show("Sign in", message ? h("p", { class: "alert", text: message }) : null,
      h("p", { text: "Sign in with your team's account to work the inbox." }),
      h("button", { type: "button", onclick: startOAuth }, "Sign in"));
    return;
  }
  const token = h("input", { type: "password", name: "token", id: "token", autocomplete: "off", required: true });
  const form = h("form", {
    onsubmit: async (e) => {
      e.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, token.value.trim());
      try {
        await api("GET", "/stats");
        location.hash = "#/inbox";
        route();
      } catch (err) {
        if (err.status !== 401) fail(err.message);
      }
    },
  }, field("API token (CARELOOP_API_TOKEN of the local stack)", token), h("button", { type: "submit" }, "Sign in"));
  show("Sign in", message ? h("p", { class: "alert", text: message }) : null, form);
}

// ---- formatting --------------------------------------------------------------------------------

function duration(ms) {
  if (Math.abs(ms) < 60000) return Math.round(Math.abs(ms) / 1000) + "s";
  const m = Math.round(Math.abs(ms) / 60000);
  if (m < 60) return m + "m";
  const hours = Math.floor(m / 60);
  return hours < 48 ? hours + "h " + (m % 60) + "m" : Math.floor(hours / 24) + "d " + (hours % 24) + "h";
}

function timeLeft(iso, none) {
  if (!iso) return h("span", { text: none || "—" });
  const left = Date.parse(iso) - Date.now();
  return left < 0
    ? h("span", { class: "overdue", text: "overdue by " + duration(left) })
    : h("span", { text: duration(left) + " left" });
}

function deadline(c) {
  if (c.firstResponseAt) return h("span", { text: "answered" });
  return timeLeft(c.firstResponseDue);
}

function kindName(kind) {
  return kind.replace(/_/g, " ");
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : "—";
}

function customer(c) {
  const who = c.customer || {};
  return (who.name ? who.name + " " : "") + "@" + who.handle;
}

// ---- the inbox ---------------------------------------------------------------------------------

async function inbox(params) {
  const status = params.get("status") || "";
  const team = params.get("team") || "";
  const platform = params.get("platform") || "";
  const form = h("form", {
    class: "filters", "aria-label": "Filter the inbox",
    onsubmit: (e) => {
      e.preventDefault();
      const q = new URLSearchParams();
      for (const [k, v] of new FormData(e.target)) if (v) q.set(k, v);
      location.hash = "#/inbox" + (q.toString() ? "?" + q : "");
    },
  },
    field("Status", select("status", [["", "All open"]].concat(STATUSES.map((s) => [s, s.toLowerCase().replace("_", " ")])), status)),
    field("Team", h("input", { name: "team", value: team })),
    field("Platform", select("platform", [["", "All platforms"]].concat(PLATFORMS.map((p) => [p, p])), platform)),
    h("button", { type: "submit" }, "Filter"));
  const body = h("tbody");
  const table = h("table", { "aria-label": "Cases" },
    h("thead", {}, h("tr", {}, ["Priority", "First response", "Platform", "Customer", "First words", "Incident", "Status"]
      .map((t) => h("th", { scope: "col", text: t })))), body);
  const more = h("button", { type: "button", class: "secondary", hidden: true }, "Load more");
  show("Inbox", form, table, more);

  let cursor = null;
  const load = async () => {
    const q = new URLSearchParams({ limit: "50" });
    if (status) q.set("status", status);
    if (team) q.set("team", team);
    if (platform) q.set("platform", platform);
    if (cursor) q.set("cursor", cursor);
    const page = await act("", () => api("GET", "/cases?" + q));
    if (!page) return;
    for (const c of page.cases) {
      body.append(h("tr", { "data-case": c.id },
        h("td", {}, h("span", { class: c.priority, text: c.priority })),
        h("td", {}, deadline(c)),
        h("td", { text: c.platform }),
        h("td", {}, h("a", { href: "#/cases/" + encodeURIComponent(c.id) }, customer(c))),
        h("td", { text: c.firstWords || "" }),
        h("td", {}, c.incidentId ? h("span", { class: "badge incident", text: "incident" }) : ""),
        h("td", {}, c.status.toLowerCase().replace("_", " "), c.draftWaiting ? [" ",
          h("a", { href: "#/review?case=" + encodeURIComponent(c.id), class: "badge draft" }, "draft waiting")] : "",
          c.outreachTask ? [" ", h("a", { href: c.outreachTask, class: "badge task", rel: "noopener", target: "_blank" },
            "reply by hand")] : "")));
    }
    if (!body.children.length) body.append(h("tr", {}, h("td", { colspan: "7", text: "No cases match." })));
    cursor = page.next;
    more.hidden = !cursor;
    say(body.children.length + " case" + (body.children.length === 1 ? "" : "s") + " shown");
  };
  more.addEventListener("click", load);
  await load();
}

// ---- a case ------------------------------------------------------------------------------------

function timelineEntry(e) {
  const outbound = !["mention", "message"].includes(e.kind);
  return h("li", { class: e.kind + (outbound ? " outbound" : "") },
    h("div", { class: "meta" }, e.kind + " · " + (e.actor || "") + " · " + when(e.at),
      e.private ? h("span", { class: "badge private", text: "private" }) : ""),
    e.text ? h("p", { text: e.text }) : null,
    e.note ? h("p", { class: "note", text: e.note }) : null);
}

function textInput(name, attrs) {
  return h("input", Object.assign({ name, autocomplete: "off" }, attrs || {}));
}

function actionForm(legend, controls, submit, onsubmit) {
  return h("form", {
    onsubmit: async (e) => {
      e.preventDefault();
      await onsubmit(new FormData(e.target), e.target);
    },
  }, h("fieldset", {}, h("legend", { text: legend }), controls, h("button", { type: "submit" }, submit)));
}

function formObject(data, names) {
  const out = {};
  for (const n of names) {
    const v = data.get(n);
    if (v !== null && String(v).trim() !== "") out[n] = String(v).trim();
  }
  return out;
}

async function caseView(id) {
  const c = await act("", () => api("GET", "/cases/" + encodeURIComponent(id)));
  if (!c) return;
  const reload = () => caseView(id);
  const path = "/cases/" + encodeURIComponent(id) + "/";

  // Reply: the text and the guardrails' verdict are shown before anything is sent.
  const feedback = h("div", { class: "feedback", "aria-live": "polite", id: "reply-feedback", hidden: true });
  const replyBody = (form) => {
    const data = new FormData(form);
    const body = { private: data.get("private") === "on" };
    if (data.get("template")) {
      body.template = data.get("template");
      if (String(data.get("text") || "").trim()) body.note = String(data.get("text")).trim();
    } else {
      body.text = String(data.get("text") || "").trim();
    }
    return body;
  };
  const preview = async (form) => {
    const body = replyBody(form);
    if (!body.template && !body.text) { feedback.hidden = true; return null; }
    body.preview = true;
    const verdict = await act("", () => api("POST", path + "reply", body));
    if (!verdict) return null;
    feedback.hidden = false;
    feedback.className = "feedback" + (verdict.allowed ? "" : " blocked");
    feedback.textContent = (verdict.allowed ? (verdict.private ? "Will be sent privately:\n" : "Will be posted publicly:\n")
      : "Blocked by the guardrails: " + verdict.reason + "\n") + verdict.text;
    return verdict;
  };
  let timer = null;
  // The case's team's saved replies: choosing one puts its words, filled for this customer, in the text to edit.
  const saved = c.team ? await act("", () => api("GET", "/teams/" + encodeURIComponent(c.team) + "/replies")) : null;
  const savedReplies = saved && saved.replies.length ? field("Saved reply (" + c.team + ")",
    select("saved", [["", "None"]].concat(saved.replies.map((r) => [r.id, r.title])), "", {
      id: "saved-reply",
      onchange: async (e) => {
        const form = e.target.form;
        if (!e.target.value) return;
        const filled = await act("", () => api("POST", path + "reply",
          { savedReply: e.target.value, preview: true, private: new FormData(form).get("private") === "on" }));
        if (!filled) return;
        form.elements.template.value = "";
        form.elements.text.value = filled.text;
        e.target.value = "";
        await preview(form);
        say("Saved reply inserted; edit it if you like, then send");
      },
    })) : null;
  const replyForm = h("form", {
    "aria-label": "Reply",
    oninput: (e) => { clearTimeout(timer); const f = e.currentTarget; timer = setTimeout(() => preview(f), 400); },
    onsubmit: async (e) => {
      e.preventDefault();
      const form = e.target;
      const verdict = await preview(form);
      if (!verdict) { fail("Write a reply or choose a template first."); return; }
      if (!verdict.allowed) { fail("Not sent: " + verdict.reason); return; }
      const body = replyBody(form);
      body.idempotencyKey = form.dataset.key;
      const queued = await act("Reply queued to " + c.platform, () => api("POST", path + "reply", body));
      if (queued) await reload();
    },
  }, h("fieldset", {}, h("legend", { text: "Reply" }),
    field("Template", select("template", [["", "Free text"]].concat(config.templates.map((t) => [t, t])), "")),
    savedReplies,
    field("Text (or a note for the template)", h("textarea", { name: "text", id: "reply-text" })),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "private" }), "Send privately"),
    feedback,
    h("button", { type: "button", class: "secondary", onclick: (e) => preview(e.target.form) }, "Check"), " ",
    h("button", { type: "submit" }, "Send reply")));
  // One key per composed reply: a double click or a retried request posts it once.
  replyForm.dataset.key = crypto.randomUUID();

  const post = (label, action, names, extra) => async (data) => {
    const body = Object.assign(formObject(data, names), extra ? extra(data) : {});
    const result = await act(label, () => api("POST", path + action, body));
    if (result) await reload();
  };
  const actions = h("section", { class: "actions", "aria-label": "Work the case" },
    replyForm,
    actionForm("Assign", field("Agent", textInput("assignee", { required: true, value: c.assignee || "" })), "Assign",
      post("Assigned", "assign", ["assignee"])),
    actionForm("Hand off", [field("Team", textInput("team", { required: true })),
      field("Update the customer every", textInput("updateEvery", { value: "24h" })), field("Note", textInput("note"))],
    "Hand off", post("Handed off", "handoff", ["team", "updateEvery", "note"])),
    actionForm("Progress from the team", [field("Note for the customer's next update", textInput("note", { required: true }))],
    "Record progress", post("Progress recorded", "progress", ["note"])),
    actionForm("Promise", [field("Due (a time or a delay like 2h)", textInput("due", { required: true, value: "2h" })),
      field("Text (optional; a template is used otherwise)", textInput("text")),
      h("label", { class: "check" }, h("input", { type: "checkbox", name: "private" }), "Privately")],
    "Promise", post("Promise made", "promise", ["due", "text"], (d) => ({ private: d.get("private") === "on" }))),
    actionForm("Resolve", [field("Summary (internal)", textInput("summary", { required: true })),
      field("Public note to the customer (optional)", textInput("publicNote"))],
    "Resolve", post("Case resolved", "resolve", ["summary", "publicNote"])),
    actionForm("Moderate (spam and abuse only)", [
      field("Action", select("action", [["hide", "Hide"], ["delete", "Delete"]], "hide")),
      field("Category", select("category", [["spam", "Spam"], ["abuse", "Abuse"]], "spam")),
      field("Reason (a lead's, to hide a post triage judged a complaint)", textInput("reason"))],
    "Moderate", post("Moderation requested", "moderate", ["action", "category", "reason"])));

  const facts = h("dl", { class: "meta" },
    ...[["Status", c.status], ["Priority", c.priority], ["Platform", c.platform], ["Assignee", c.assignee || "nobody"],
      ["Team", c.team || "—"], ["Topic", c.topic || "—"], ["Opened", when(c.createdAt)]]
      .flatMap(([k, v]) => [h("dt", { text: k }), h("dd", { text: v })]),
    h("dt", { text: "First response" }), h("dd", {}, deadline(c)),
    c.incidentId ? [h("dt", { text: "Incident" }), h("dd", {}, h("a", { href: "#/incidents", class: "badge incident" }, c.incidentId))] : []);
  const waiting = c.draftWaiting ? h("p", { class: "draft-waiting" }, h("span", { class: "badge draft", text: "draft waiting" }),
    " A reply on this case waits for a person's review: ",
    h("a", { href: "#/review?case=" + encodeURIComponent(c.id) }, "review it in Needs review")) : null;
  // The platform would refuse careloop's reply (X's pay-per-use rule): a person answers the post from the brand's account.
  const task = c.outreachTask ? h("p", { class: "outreach-task" }, h("span", { class: "badge task", text: "reply by hand" }),
    " careloop may not reply to this post through the API. Answer it from the brand's account: ",
    h("a", { href: c.outreachTask, rel: "noopener", target: "_blank" }, c.outreachTask)) : null;
  show("Case: " + customer(c), h("p", {}, h("a", { href: "#/inbox" }, "← Back to the inbox")), waiting, task, facts,
    h("h2", { text: "Timeline" }), h("ol", { class: "timeline", "aria-label": "Timeline" }, c.timeline.map(timelineEntry)),
    h("h2", { text: "Actions" }), actions);
}

// ---- the review queue --------------------------------------------------------------------------

// The customer's words the draft answers: their latest post on the case (the opening one if nothing followed).
function customerPost(c) {
  if (!c) return h("p", { class: "meta", text: "The case could not be loaded." });
  const posts = (c.timeline || []).filter((e) => ["mention", "message"].includes(e.kind) && e.text);
  const last = posts[posts.length - 1];
  if (!last) return h("p", { class: "meta", text: "No post from the customer on the case." });
  return h("figure", { class: "post" },
    h("blockquote", { text: last.text }),
    h("figcaption", { class: "meta" }, customer(c) + " · " + last.kind + (last.private ? " (private)" : "") + " · " + when(last.at),
      posts.length > 1 ? " · latest of " + posts.length : ""));
}

function draftCard(d, c, decide) {
  const headingId = "draft-" + d.id.replace(/[^A-Za-z0-9_-]/g, "");
  const who = d.caseId ? (c ? customer(c) : "case " + d.caseId) : "the whole community";
  const verdict = !d.guardrails || d.guardrails === "ok"
    ? h("dd", { text: "ok" }) : h("dd", { class: "warn", text: d.guardrails });
  const fact = (term, dd) => h("div", {}, h("dt", { text: term }), dd);
  const facts = h("dl", { class: "meta facts" },
    fact("Deadline", h("dd", {}, timeLeft(d.deadline, "no deadline"))),
    fact("Platform", h("dd", { text: d.platform + (d.private ? " · private message" : " · public") })),
    d.team ? fact("Team", h("dd", { text: d.team })) : null,
    fact("Guardrails", verdict));
  const reasons = h("ul", { class: "reasons", "aria-label": "Why review is required" },
    (d.reasons && d.reasons.length ? d.reasons : ["the brand's send policy"]).map((r) => h("li", { text: r })));

  const edited = h("textarea", { name: "text", text: d.text });
  // A refused edit is also shown beside the text, where the agent is looking (the alert announces it).
  const refused = h("p", { class: "feedback blocked", hidden: true });
  const actions = h("div", { class: "actions" },
    actionForm("Approve", h("p", { class: "meta", text: "Posts the draft exactly as shown." }), "Approve",
      () => decide(d, "approve", {}, "Approved: the " + kindName(d.kind) + " to " + who + " is queued to " + d.platform)),
    actionForm("Edit and approve", [field("Text to post (checked by the guardrails again)", edited), refused], "Approve edited text",
      async (data) => {
        const text = String(data.get("text") || "").trim();
        if (!text) { fail("Write the text to post, or reject the draft."); return; }
        const error = await decide(d, "approve", text === d.text ? {} : { text },
          (text === d.text ? "Approved" : "Approved as edited") + ": the " + kindName(d.kind) + " to " + who + " is queued to " + d.platform);
        refused.hidden = !error || error.status !== 422;
        if (!refused.hidden) refused.textContent = "Not approved: " + reasonOf(error);
      }),
    actionForm("Reject", field("Reason (required; noted on the case)", textInput("reason", { required: true })), "Reject",
      (data) => decide(d, "reject", formObject(data, ["reason"]), "Rejected: the " + kindName(d.kind) + " to " + who + " will never be posted")));

  return h("article", { class: "draft-card", "data-draft": d.id, "data-case": d.caseId || "", "aria-labelledby": headingId },
    h("h2", { id: headingId }, kindName(d.kind) + " to " + who,
      d.caseId ? [" ", h("a", { href: "#/cases/" + encodeURIComponent(d.caseId), class: "case-link" }, "open the case")] : ""),
    facts,
    h("h3", { text: "Why a person reviews it" }), reasons,
    h("div", { class: "side-by-side" },
      h("section", { "aria-label": "The customer's post" }, h("h3", { text: "The customer wrote" }),
        d.caseId ? customerPost(c) : h("p", { class: "meta", text: "A post to the whole community: no single customer's post." })),
      h("section", { "aria-label": "The draft" }, h("h3", { text: "The draft, exactly as it would be posted" }),
        h("p", { class: "draft-text", text: d.text }))),
    actions);
}

async function review(params, announce) {
  const onlyCase = params.get("case") || "";
  const filters = { team: params.get("team") || "", platform: params.get("platform") || "", kind: params.get("kind") || "" };
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  const data = await act("", () => api("GET", "/drafts" + (q.toString() ? "?" + q : "")));
  if (!data) return;
  const drafts = data.drafts.filter((d) => !onlyCase || d.caseId === onlyCase);
  // Each draft beside its case: one request per case, however many drafts it has.
  const ids = [...new Set(drafts.map((d) => d.caseId).filter(Boolean))];
  const loaded = await Promise.all(ids.map((id) => api("GET", "/cases/" + encodeURIComponent(id)).catch(() => null)));
  const cases = new Map(ids.map((id, i) => [id, loaded[i]]));

  const reload = async (message) => review(params, message);
  // Decides a draft; answers the API's refusal, or null once the queue is reloaded.
  const decide = async (d, action, body, label) => {
    try {
      await api("POST", "/drafts/" + encodeURIComponent(d.id) + "/" + action, body);
    } catch (e) {
      if (e.status === 401) return e;
      // Decided meanwhile by someone else: show the queue as it is now, then why this decision was refused.
      if (e.status === 409 || e.status === 404) await reload();
      fail(reasonOf(e));
      return e;
    }
    await reload(label);
    return null;
  };

  const form = h("form", {
    class: "filters", "aria-label": "Filter the review queue",
    onsubmit: (e) => {
      e.preventDefault();
      const next = new URLSearchParams();
      for (const [k, v] of new FormData(e.target)) if (v) next.set(k, v);
      location.hash = "#/review" + (next.toString() ? "?" + next : "");
    },
  },
    field("Team", h("input", { name: "team", value: filters.team })),
    field("Platform", select("platform", [["", "All platforms"]].concat(PLATFORMS.map((p) => [p, p])), filters.platform)),
    field("Kind", h("input", { name: "kind", value: filters.kind, placeholder: "e.g. acknowledge" })),
    h("button", { type: "submit" }, "Filter"));
  const intro = h("p", { class: "meta", text: "Replies careloop keeps for a person to approve, soonest deadline first. "
    + "Nothing here is posted until someone approves it; a draft still waiting at its deadline escalates its case." });
  const scope = onlyCase ? h("p", {}, "Showing the drafts of one case. ", h("a", { href: "#/review" }, "Show every waiting draft")) : null;
  show("Needs review", intro, form, scope,
    drafts.length ? h("div", { class: "drafts" }, drafts.map((d) => draftCard(d, cases.get(d.caseId), decide)))
      : h("p", { text: "Nothing waits for review." }));
  const count = (drafts.length || "No") + " draft" + (drafts.length === 1 ? "" : "s") + " waiting";
  say(announce ? announce + ". " + count : count);
}

// ---- incidents ---------------------------------------------------------------------------------

async function incidents() {
  const data = await act("", () => api("GET", "/incidents"));
  if (!data) return;
  const rows = data.incidents.map((i) => h("tr", {},
    h("td", { text: i.topic }), h("td", { text: i.platform }), h("td", { text: i.status }), h("td", { text: when(i.openedAt) }),
    h("td", { text: String(i.cases.length) }),
    h("td", {}, i.status === "OPEN" ? actionForm("Resolve " + i.topic, [
      field("Outcome (posted to the community)", textInput("outcome", { required: true })),
      field("Advice (optional)", textInput("advice"))], "Resolve incident", async (form) => {
      const result = await act("Incident resolved", () => api("POST", "/incidents/" + encodeURIComponent(i.id) + "/resolve",
        formObject(form, ["outcome", "advice"])));
      if (result) { await incidents(); say("Incident resolved; " + result.casesAnswered + " cases answered"); }
    }) : "")));
  show("Incidents", rows.length ? h("table", { "aria-label": "Incidents" },
    h("thead", {}, h("tr", {}, ["Topic", "Platform", "Status", "Opened", "Cases", ""].map((t) => h("th", { scope: "col", text: t })))),
    h("tbody", {}, rows)) : h("p", { text: "No incidents." }));
}

// ---- stats -------------------------------------------------------------------------------------

function barChart(counts) {
  const ns = "http://www.w3.org/2000/svg";
  const max = Math.max(1, ...PRIORITIES.map((p) => counts[p] || 0));
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 360 150");
  svg.setAttribute("width", "360");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "Open cases by priority: " + PRIORITIES.map((p) => p + " " + (counts[p] || 0)).join(", "));
  PRIORITIES.forEach((p, i) => {
    const n = counts[p] || 0;
    const height = Math.round(100 * n / max);
    const x = 20 + i * 85;
    const bar = document.createElementNS(ns, "rect");
    Object.entries({ x, y: 115 - height, width: 50, height, fill: ["#b3261e", "#d97706", "#0b5cad", "#57606a"][i] })
      .forEach(([k, v]) => bar.setAttribute(k, v));
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", x + 25); label.setAttribute("y", 135); label.setAttribute("text-anchor", "middle");
    label.textContent = p;
    const value = document.createElementNS(ns, "text");
    value.setAttribute("x", x + 25); value.setAttribute("y", 110 - height); value.setAttribute("text-anchor", "middle");
    value.textContent = String(n);
    svg.append(bar, label, value);
  });
  return svg;
}

// Horizontal bars for first-response p50 and p90 (minutes) and SLA attainment (%), each labelled in text.
function responseChart(s) {
  const ns = "http://www.w3.org/2000/svg";
  const rows = [
    ["First response p50", s.firstResponseSeconds.p50, (v) => duration(v * 1000)],
    ["First response p90", s.firstResponseSeconds.p90, (v) => duration(v * 1000)],
  ];
  const max = Math.max(60, ...rows.map((r) => r[1] || 0));
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 420 110");
  svg.setAttribute("width", "420");
  svg.setAttribute("role", "img");
  const sla = s.slaAttainment === null ? null : Math.round(s.slaAttainment * 1000) / 10;
  svg.setAttribute("aria-label", "First response: " + rows.map((r) => r[0].slice(15) + " " + (r[1] === null ? "none yet" : r[2](r[1])))
    .join(", ") + "; SLA attainment " + (sla === null ? "not measured yet" : sla + "%"));
  const bar = (y, label, fraction, text, colour) => {
    const t = document.createElementNS(ns, "text");
    t.setAttribute("x", 0); t.setAttribute("y", y + 13); t.textContent = label;
    const r = document.createElementNS(ns, "rect");
    Object.entries({ x: 140, y, width: Math.max(1, Math.round(200 * fraction)), height: 18, fill: colour })
      .forEach(([k, v]) => r.setAttribute(k, v));
    const v = document.createElementNS(ns, "text");
    v.setAttribute("x", 145 + Math.round(200 * fraction)); v.setAttribute("y", y + 13); v.textContent = text;
    svg.append(t, r, v);
  };
  rows.forEach(([label, value, fmt], i) => bar(8 + i * 32, label, (value || 0) / max, value === null ? "—" : fmt(value), "#0b5cad"));
  bar(72, "SLA attainment", (sla || 0) / 100, sla === null ? "—" : sla + "%", "#1a7f37");
  return svg;
}

async function stats() {
  const s = await act("", () => api("GET", "/stats"));
  if (!s) return;
  const secs = (v) => (v === null || v === undefined ? "—" : duration(v * 1000));
  show("Stats",
    h("dl", { class: "stats" },
      h("dt", { text: "First response p50" }), h("dd", { text: secs(s.firstResponseSeconds.p50) }),
      h("dt", { text: "First response p90" }), h("dd", { text: secs(s.firstResponseSeconds.p90) }),
      h("dt", { text: "SLA attainment" }), h("dd", { text: s.slaAttainment === null ? "—" : Math.round(s.slaAttainment * 1000) / 10 + "%" }),
      h("dt", { text: "SLA breaches" }), h("dd", { text: String(s.slaBreaches) })),
    h("h2", { text: "Open cases by priority" }), barChart(s.openByPriority),
    h("h2", { text: "First response and SLA" }), responseChart(s),
    h("table", { class: "visually-hidden" }, h("caption", { text: "Open cases by priority" }),
      h("tbody", {}, PRIORITIES.map((p) => h("tr", {}, h("th", { scope: "row", text: p }), h("td", { text: String(s.openByPriority[p] || 0) }))))));
}

// ---- reports -----------------------------------------------------------------------------------

// Opened and resolved cases per day as paired bars, with a text alternative.
function dailyChart(days) {
  const ns = "http://www.w3.org/2000/svg";
  const width = Math.max(360, days.length * 24 + 40);
  const max = Math.max(1, ...days.map((d) => Math.max(d.opened, d.resolved)));
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 " + width + " 160");
  svg.setAttribute("width", String(width));
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "Cases opened and resolved per day: " + days.map((d) => d.date + " opened " + d.opened
    + ", resolved " + d.resolved).join("; "));
  days.forEach((d, i) => {
    const x = 20 + i * 24;
    [["opened", "#0b5cad", 0], ["resolved", "#1a7f37", 10]].forEach(([key, fill, dx]) => {
      const height = Math.round(120 * d[key] / max);
      const r = document.createElementNS(ns, "rect");
      Object.entries({ x: x + dx, y: 130 - height, width: 9, height, fill }).forEach(([k, v]) => r.setAttribute(k, v));
      svg.append(r);
    });
    if (i % Math.ceil(days.length / 8) === 0) {
      const t = document.createElementNS(ns, "text");
      t.setAttribute("x", x); t.setAttribute("y", 150); t.setAttribute("font-size", "10");
      t.textContent = d.date.slice(5);
      svg.append(t);
    }
  });
  return svg;
}

async function reports(params) {
  const today = new Date().toISOString().slice(0, 10);
  const from = params.get("from") || new Date(Date.now() - 13 * 86400000).toISOString().slice(0, 10);
  const to = params.get("to") || today;
  const r = await act("", () => api("GET", "/reports?" + new URLSearchParams({ from, to })));
  if (!r) return;
  const secs = (v) => (v === null || v === undefined ? "—" : duration(v * 1000));
  const pct = (v) => (v === null || v === undefined ? "—" : Math.round(v * 1000) / 10 + "%");
  const t = r.totals;
  const form = h("form", { class: "filters", onsubmit: (e) => {
    e.preventDefault();
    const data = new FormData(e.target);
    location.hash = "#/reports?" + new URLSearchParams({ from: data.get("from"), to: data.get("to") });
  } }, field("From", h("input", { type: "date", name: "from", value: from })),
  field("To", h("input", { type: "date", name: "to", value: to })), h("button", { type: "submit" }, "Show"),
  h("button", { type: "button", onclick: async () => {
    const response = await fetch("/reports?" + new URLSearchParams({ from, to, format: "csv" }),
      { headers: { authorization: "Bearer " + sessionStorage.getItem(TOKEN_KEY) } });
    if (!response.ok) { fail("The CSV could not be made (HTTP " + response.status + ")"); return; }
    const link = h("a", { href: URL.createObjectURL(await response.blob()), download: "careloop-report-" + from + "-" + to + ".csv" });
    document.body.append(link); link.click(); link.remove();
  } }, "Download CSV"));
  const groupRows = (groups) => Object.entries(groups).map(([name, g]) => h("tr", {},
    h("th", { scope: "row", text: name }), h("td", { text: String(g.resolved) }),
    h("td", { text: secs(g.firstHumanResponseSeconds.p50) }), h("td", { text: secs(g.resolutionSeconds.p50) }),
    h("td", { text: pct(g.slaAttainment) })));
  const groupTable = (label, groups) => Object.keys(groups).length ? h("table", { "aria-label": label },
    h("thead", {}, h("tr", {}, [label, "Resolved", "Person's first response p50", "Resolution p50", "SLA"].map((x) => h("th", { scope: "col", text: x })))),
    h("tbody", {}, groupRows(groups))) : h("p", { text: "No resolved cases in this range." });
  show("Reports", form,
    h("dl", { class: "stats report-totals" },
      h("dt", { text: "Opened" }), h("dd", { text: String(t.opened) }),
      h("dt", { text: "Resolved" }), h("dd", { text: String(t.resolved) }),
      h("dt", { text: "First response p50 / p90" }), h("dd", { text: secs(t.firstResponseSeconds.p50) + " / " + secs(t.firstResponseSeconds.p90) }),
      h("dt", { text: "Person's first response p50 / p90" }), h("dd", { text: secs(t.firstHumanResponseSeconds.p50) + " / " + secs(t.firstHumanResponseSeconds.p90) }),
      h("dt", { text: "Resolution p50 / p90" }), h("dd", { text: secs(t.resolutionSeconds.p50) + " / " + secs(t.resolutionSeconds.p90) }),
      h("dt", { text: "SLA attainment" }), h("dd", { text: pct(t.slaAttainment) }),
      h("dt", { text: "Incidents resolved" }), h("dd", { text: String(t.incidents.resolved) })),
    h("h2", { text: "Opened and resolved per day" }), dailyChart(r.days),
    h("h2", { text: "By team" }), groupTable("Team", r.byTeam),
    h("h2", { text: "By agent" }), groupTable("Agent", r.byAgent),
    h("h2", { text: "Volume by platform" }), h("p", { text: Object.entries(r.volume.byPlatform).map(([k, v]) => k + " " + v).join(", ") || "—" }));
}

// ---- team: presence and load ------------------------------------------------------------------

async function team(announce) {
  const [me, data] = await Promise.all([act("", () => api("GET", "/agents/me")), act("", () => api("GET", "/agents"))]);
  if (!me || !data) return;
  const presence = (available) => act("", () => api("PUT", "/agents/me", { available }));
  const toggle = h("button", {
    type: "button", id: "presence",
    onclick: async () => {
      const result = await presence(!me.available);
      if (!result) return;
      const moved = result.available
        ? "You are available; you took " + (result.taken || 0) + " waiting case" + (result.taken === 1 ? "" : "s")
        : "You are away; " + (result.reassigned || 0) + " case(s) went to colleagues, " + (result.unassigned || 0)
          + " back to the team's queue";
      await team(moved);
    },
  }, me.available ? "Go away" : "I'm available");
  const rows = data.agents.map((a) => h("tr", { "data-agent": a.id },
    h("th", { scope: "row", text: a.id }), h("td", { text: a.available ? "available" : "away" }),
    h("td", { text: a.teams.join(", ") || "—" }),
    h("td", { text: [...a.skills.languages, ...a.skills.platforms].join(", ") || "any" }),
    h("td", { text: a.openCases + " of " + a.maxOpenCases })));
  show("Team",
    h("p", { class: "presence" }, h("span", { id: "my-presence", text: "You (" + me.id + ") are " + (me.available ? "available" : "away")
      + (me.teams.length ? " for " + me.teams.join(", ") : "") + ". " }), toggle),
    rows.length ? h("table", { "aria-label": "Agents" },
      h("thead", {}, h("tr", {}, ["Agent", "Presence", "Teams", "Skills", "Open cases"].map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, rows)) : h("p", { text: "No agents yet." }));
  if (announce) say(announce);
}

// ---- saved replies -----------------------------------------------------------------------------

// A team's saved replies: a lead adds, edits and deletes them; the API checks the variables and the guardrails
// when one is saved (400 naming an unknown variable, 422 with the rule), and the reason shows in the alert.
async function replies(params, announce) {
  let teamName = params.get("team") || "";
  if (!teamName) {
    const me = await act("", () => api("GET", "/agents/me"));
    teamName = me && me.teams.length ? me.teams[0] : "";
  }
  const chooser = h("form", {
    class: "filters", "aria-label": "Choose the team",
    onsubmit: (e) => {
      e.preventDefault();
      const t = new FormData(e.target).get("team").trim();
      location.hash = "#/replies" + (t ? "?" + new URLSearchParams({ team: t }) : "");
    },
  }, field("Team", h("input", { name: "team", id: "replies-team", value: teamName, required: true, autocomplete: "off" })),
    h("button", { type: "submit" }, "Show"));
  if (!teamName) {
    show("Saved replies", chooser, h("p", { text: "Name a team to see its saved replies." }));
    return;
  }
  const data = await act("", () => api("GET", "/teams/" + encodeURIComponent(teamName) + "/replies"));
  if (!data) { show("Saved replies", chooser); return; }
  const path = (id) => "/teams/" + encodeURIComponent(teamName) + "/replies/" + encodeURIComponent(id);

  const id = textInput("id", { id: "saved-id", required: true, pattern: "[a-z0-9-]{1,64}", "aria-describedby": "saved-id-hint" });
  const title = textInput("title", { id: "saved-title", required: true, maxlength: "80" });
  const text = h("textarea", { name: "text", id: "saved-text", rows: "4", required: true });
  const legend = h("legend", { text: "New saved reply" });
  const submit = h("button", { type: "submit", id: "saved-submit" }, "Save reply");
  const cancel = h("button", {
    type: "button", class: "secondary", hidden: true,
    onclick: () => replies(new URLSearchParams({ team: teamName }), "Edit cancelled"),
  }, "Cancel edit");
  const form = h("form", {
    id: "saved-form",
    onsubmit: async (e) => {
      e.preventDefault();
      const body = formObject(new FormData(e.target), ["title", "text"]);
      const saved = await act("", () => api("PUT", path(id.value.trim()), body));
      if (saved) await replies(new URLSearchParams({ team: teamName }), "Saved reply \u201c" + saved.title + "\u201d saved for " + teamName);
    },
  }, h("fieldset", {}, legend,
    field("Id (lower-case letters, digits and dashes)", id),
    h("p", { id: "saved-id-hint", class: "hint", text: "Agents choose a reply by its title; the id names it in the API and cannot change." }),
    field("Title", title),
    field("Text (variables: {greeting}, {name}, {signature}, {contact}, {topic}, {team}...)", text),
    submit, cancel));

  const edit = (r) => {
    legend.textContent = "Edit \u201c" + r.title + "\u201d";
    id.value = r.id;
    id.readOnly = true;
    title.value = r.title;
    text.value = r.text;
    submit.textContent = "Save changes";
    cancel.hidden = false;
    title.focus();
    say("Editing \u201c" + r.title + "\u201d");
  };
  // Deleting takes two presses: the first asks, the second deletes.
  const remove = (r, button) => async () => {
    if (button.dataset.confirm !== "yes") {
      button.dataset.confirm = "yes";
      button.textContent = "Confirm delete";
      say("Press Confirm delete to delete \u201c" + r.title + "\u201d");
      return;
    }
    const done = await act("", () => api("DELETE", path(r.id)));
    if (done) await replies(new URLSearchParams({ team: teamName }), "Saved reply \u201c" + r.title + "\u201d deleted");
  };
  const items = data.replies.map((r) => {
    const del = h("button", { type: "button", class: "secondary", "aria-label": "Delete " + r.title }, "Delete");
    del.addEventListener("click", remove(r, del));
    return h("li", { "data-reply": r.id },
      h("h2", { text: r.title }),
      h("p", { class: "saved-text", text: r.text }),
      h("p", { class: "meta", text: "updated " + when(r.updatedAt) + (r.updatedBy ? " by " + r.updatedBy : "") }),
      h("button", { type: "button", class: "secondary", "aria-label": "Edit " + r.title, onclick: () => edit(r) }, "Edit"),
      " ", del);
  });
  show("Saved replies: " + teamName, chooser,
    items.length ? h("ul", { class: "saved-replies", "aria-label": "Saved replies of " + teamName }, items)
      : h("p", { text: "No saved replies for " + teamName + " yet." }),
    form);
  if (announce) say(announce);
}

// ---- routing -----------------------------------------------------------------------------------

async function route() {
  if (!sessionStorage.getItem(TOKEN_KEY)) { signIn(); return; }
  document.getElementById("nav").hidden = false;
  const [path, query] = (location.hash.slice(1) || "/inbox").split("?");
  const params = new URLSearchParams(query || "");
  const section = path.split("/")[1];
  for (const a of document.querySelectorAll("#nav a")) {
    if (a.dataset.section === (section === "cases" ? "inbox" : section)) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  document.getElementById("alert").hidden = true;
  if (!path.startsWith("/cases/")) document.getElementById("status").textContent = "";
  if (path.startsWith("/cases/")) return caseView(decodeURIComponent(path.slice("/cases/".length)));
  if (section === "review") return review(params);
  if (section === "incidents") return incidents();
  if (section === "stats") return stats();
  if (section === "team") return team();
  if (section === "replies") return replies(params);
  if (section === "reports") return reports(params);
  return inbox(params);
}

async function start() {
  try {
    const response = await fetch("/console/config.json");
    config = await response.json();
  } catch (e) {
    fail("The console could not load its configuration.");
    return;
  }
  document.getElementById("sign-out").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    if (config.signIn === "oauth") {
      location.assign(config.logoutUrl + "?" + new URLSearchParams({ client_id: config.clientId, logout_uri: redirectUri() }));
    } else {
      signIn("Signed out.");
    }
  });
  const params = new URLSearchParams(location.search);
  if (config.signIn === "oauth" && params.get("code")) {
    try { await finishOAuth(params); } catch (e) { fail(e.message); }
  }
  window.addEventListener("hashchange", route);
  await route();
}

start();
