import { plainName } from './instance-name';

describe('plainName', () => {
  it.each([
    ['<b>Ada</b> at Webex', 'Ada at Webex'],
    ['<a href="https://x.example" onclick="steal()">Sales</a> desk', 'Sales desk'],
    ['Ops<script>alert(1)</script> room', 'Ops room'],
    ['<style>p { color: red }</style>Support', 'Support'],
    ['Team <!-- hidden --> chat', 'Team chat'],
    ['<img src=x onerror=alert(1)>Escalations', 'Escalations'],
    ['<scr<b>ipt>alert(1)</script>', 'alert(1)'],
    ['  Ada \n\t Lovelace  ', 'Ada Lovelace'],
  ])('%j becomes %j', (name, expected) => {
    expect(plainName(name)).toBe(expected);
  });

  it.each(['a < b and c > d', 'R&D &amp; QA', 'x<3', '3 > 2', 'Ada\'s "Webex"'])('leaves %j, which has no tag, as written', (name) => {
    expect(plainName(name)).toBe(name);
  });

  it('gives an empty name for a name that is only markup', () => {
    expect(plainName('<p></p><br/>')).toBe('');
  });
});
