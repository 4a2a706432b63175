/**
 * The console's one stylesheet, served at `<console>/console.css`. Kept as a TypeScript string so
 * the compiled hub carries it without an asset-copy step.
 */
export const CONSOLE_CSS = `
:root { --fg: #1d2330; --muted: #5b6475; --line: #dfe3ea; --bg: #f6f7f9; --card: #fff; --accent: #0b63c5;
  --ok: #1a7f37; --warn: #9a6700; --bad: #c62828; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.45; }
header.top { display: flex; align-items: center; gap: 1.5rem; padding: .7rem 1.5rem; background: #14213d; color: #fff; }
header.top .brand { font-weight: 700; }
header.top nav { display: flex; gap: 1rem; flex: 1; }
header.top a { color: #fff; text-decoration: none; }
header.top a[aria-current="page"] { text-decoration: underline; text-underline-offset: .3em; }
header.top form { margin: 0; }
header.top .who { color: #c9d3e6; font-size: .9rem; }
main { max-width: 72rem; margin: 1.5rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .6rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1.2rem; margin-bottom: 1rem; }
.narrow { max-width: 28rem; }
.card > :first-child { margin-top: 0; }
label { display: block; font-weight: 600; margin: .7rem 0 .25rem; }
.hint { color: var(--muted); font-size: .85rem; margin: .2rem 0 0; }
input[type=text], input[type=password], input[type=email], select { width: 100%; padding: .5rem .6rem; border: 1px solid #b9c0cc; border-radius: 6px; font: inherit; }
button, .button { display: inline-block; padding: .45rem .9rem; border: 1px solid var(--accent); border-radius: 6px; background: var(--accent);
  color: #fff; font: inherit; font-size: .9rem; cursor: pointer; text-decoration: none; }
button.secondary, .button.secondary { background: #fff; color: var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
.actions { display: flex; flex-wrap: wrap; gap: .4rem; margin-top: .6rem; }
.actions form { margin: 0; }
.notice { padding: .7rem 1rem; border-radius: 6px; margin-bottom: 1rem; background: #e6f4ea; border: 1px solid #b7dfc2; }
.error { padding: .7rem 1rem; border-radius: 6px; margin-bottom: 1rem; background: #fdecea; border: 1px solid #f5c2c0; }
table { width: 100%; border-collapse: collapse; background: var(--card); }
th, td { text-align: left; padding: .5rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: .85rem; color: var(--muted); }
.instance { display: grid; grid-template-columns: 3.5rem 1fr; gap: 1rem; }
.avatar { width: 3.5rem; height: 3.5rem; border-radius: 50%; object-fit: cover; background: #c9d3e6; display: flex; align-items: center;
  justify-content: center; font-weight: 700; color: #14213d; }
.account { margin: 0; }
.account .email { color: var(--muted); }
.instance h2 { margin: 0 0 .2rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .6rem 0 0; font-size: .92rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.status { font-weight: 600; }
.status.valid { color: var(--ok); }
.status.disabled { color: var(--warn); }
.status.invalid { color: var(--bad); }
.tag { display: inline-block; padding: 0 .45rem; margin-right: .25rem; border-radius: 999px; background: #e8eefb; font-size: .8rem; }
.events { margin-top: .7rem; font-size: .88rem; }
.events td, .events th { padding: .3rem .5rem; }
.empty { color: var(--muted); }
.heading { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .6rem; margin-bottom: 1rem; }
.heading h1 { margin: 0; }
.crumbs a, .instance h2 a { color: var(--accent); }
.instance h2 a { text-decoration: none; }
.instance h2 a:hover { text-decoration: underline; }
form.search { display: flex; flex-wrap: wrap; align-items: flex-end; gap: .4rem 1rem; }
form.search .field { flex: 1 1 14rem; }
form.search label { margin-top: 0; }
form.search .actions { margin: 0 0 1.6rem; }
input[type=search] { width: 100%; padding: .5rem .6rem; border: 1px solid #b9c0cc; border-radius: 6px; font: inherit; }
.paging { display: flex; flex-wrap: wrap; align-items: center; gap: .6rem; margin: 1rem 0; }
.paging #page-number { color: var(--muted); }
.token-once { margin: 1rem 0; padding: .9rem; border: 1px solid #f0c36d; border-radius: 8px; background: #fff8e6; }
.token-once label { margin-top: 0; }
.copy { display: flex; gap: .4rem; }
.copy input { flex: 1; min-width: 0; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
.scroll { overflow-x: auto; }
dl.config dd { overflow-wrap: anywhere; }
.field-error { color: var(--bad); font-size: .85rem; margin: .2rem 0 0; }
input[aria-invalid=true], select[aria-invalid=true] { border-color: var(--bad); }
.confirm { border-color: #f5c2c0; }
@media (max-width: 720px) {
  header.top { flex-wrap: wrap; gap: .5rem 1rem; padding: .6rem 1rem; }
  header.top nav { order: 3; flex: 1 1 100%; flex-wrap: wrap; gap: .3rem .9rem; font-size: .95rem; }
  header.top nav a { padding: .35rem 0; }
  header.top .who { margin-left: auto; font-size: .8rem; }
  main { padding: 0 .8rem; margin-top: 1rem; }
  .card { padding: .9rem; }
  .instance { grid-template-columns: 2.6rem 1fr; gap: .7rem; }
  .avatar { width: 2.6rem; height: 2.6rem; }
  dl.facts { grid-template-columns: 1fr; gap: 0; }
  dl.facts dd { margin-bottom: .35rem; }
  .narrow { max-width: none; }
}
@media (max-width: 480px) {
  /* The brand and Log out share the top line; who is logged in is on My profile. */
  header.top .who { display: none; }
  header.top > form { margin-left: auto; }
}
`;
