import { html } from './html';

describe('html', () => {
  it('escapes interpolated text and attribute values', () => {
    const name = `<script>alert("x")</script>' onmouseover='y`;
    const sut = html`<p title="${name}">${name}</p>`;
    expect(sut.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;y">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;y</p>',
    );
  });

  it('nests fragments unescaped, joins arrays and drops null, undefined and false', () => {
    const items = ['a&b', 'c'].map((x) => html`<li>${x}</li>`);
    const sut = html`<ul>${items}</ul>${null}${undefined}${false}${0}`;
    expect(sut.value).toBe('<ul><li>a&amp;b</li><li>c</li></ul>0');
  });
});
