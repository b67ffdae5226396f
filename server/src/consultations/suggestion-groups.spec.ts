// Grouping of suggestions without a database: the same input in any order gives the same groups, and merges hold.
import { distinctTexts, groupTexts, normalise, termsOf, textKey } from './suggestion-groups.js';

// Words as a segmenter would give them, by hand: the grouping is what is tested here, not jieba.
const WORDS: Record<string, string[]> = {
  降低抽成比例: ['降低', '抽成', '比例'],
  抽成比例太高希望降低: ['抽成', '比例', '太高', '希望', '降低'],
  雨天配送补贴: ['雨天', '配送', '补贴'],
  雨天要有补贴: ['雨天', '要', '有', '补贴'],
  电动车换电太贵: ['电动车', '换电', '太贵'],
  好: ['好'],
};
const terms = (t: { norm: string }) => termsOf(WORDS[t.norm] ?? [t.norm], t.norm);
const group = (texts: string[], merges: [string, string][] = []) =>
  groupTexts(distinctTexts(texts), terms, merges, (k) => `g-${k.slice(0, 6)}`);

describe('suggestion groups', () => {
  it('treats width, case, punctuation and spaces as the same text', () => {
    expect(normalise('  ＡＰＰ 派单，更透明！！ ')).toBe('app派单更透明');
    expect(normalise('降低 抽成\u3000比例。')).toBe('降低抽成比例');
    const d = distinctTexts(['降低抽成比例', '降低抽成比例！', ' 降低 抽成比例 ', '！！', '']);
    expect(d).toEqual([{ key: textKey('降低抽成比例'), norm: '降低抽成比例', text: '降低抽成比例', count: 3 }]);
  });

  it('groups texts sharing half their words, keeps others apart, and leads with the most written', () => {
    const groups = group(['降低抽成比例', '降低抽成比例', '抽成比例太高希望降低', '雨天配送补贴', '雨天要有补贴', '电动车换电太贵', '好']);
    expect(groups.map((g) => g.count)).toEqual([3, 2, 1, 1]);
    expect(groups[0].texts.map((t) => [t.text, t.count])).toEqual([
      ['降低抽成比例', 2],
      ['抽成比例太高希望降低', 1],
    ]);
    expect(groups[1].texts.map((t) => t.text).sort()).toEqual(['雨天要有补贴', '雨天配送补贴']);
    expect(
      groups
        .slice(2)
        .map((g) => g.texts[0].text)
        .sort(),
    ).toEqual(['好', '电动车换电太贵']);
    expect(groups[0].terms.slice(0, 3)).toEqual(['抽成', '比例', '降低']);
  });

  it('gives the same groups, ids and order whatever order the suggestions come in', () => {
    const texts = ['降低抽成比例', '抽成比例太高希望降低', '雨天配送补贴', '雨天要有补贴', '电动车换电太贵', '好', '降低抽成比例'];
    const a = group(texts);
    for (let n = 0; n < 20; n++) {
      const shuffled = [...texts].sort(() => Math.random() - 0.5);
      expect(group(shuffled)).toEqual(a);
    }
  });

  it('joins the groups holding two merged texts, whichever of them arrived, and ignores texts that are gone', () => {
    const texts = ['降低抽成比例', '降低抽成比例', '雨天配送补贴', '电动车换电太贵'];
    const merges: [string, string][] = [
      [textKey('电动车换电太贵'), textKey('雨天配送补贴')],
      [textKey('不在了'), textKey('降低抽成比例')],
    ];
    const groups = group(texts, merges);
    expect(groups.map((g) => g.count)).toEqual([2, 2]);
    const joined = groups.find((g) => g.texts.length === 2)!;
    expect(joined.texts.map((t) => t.text).sort()).toEqual(['电动车换电太贵', '雨天配送补贴']);
    // The same merge read the other way round gives the same group.
    expect(group(texts, [[merges[0][1], merges[0][0]]])).toEqual(group(texts, [merges[0]]));
  });
});
