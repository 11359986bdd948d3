import { seededRandom } from '../../helpers/seededRandom';
/**
 * The citizens of the 市长上线 scenario (processes/phonesClient.ts): what 2,000 people type into the
 * public message page during a mayor's special. Distinct, valid China mobile numbers (the phone is
 * the duplicate key and the receipt lookup's last four digits, so no two phones share one), a 称呼,
 * sometimes a name, a district of Xuzhou, a category of the seeded 12345 list, and a message of the
 * length and kind people leave: a place, a problem, how long it has lasted, what they ask for.
 * Deterministic from a seed, so two runs send the same texts.
 */
import { PublicMessageBody } from '../../../shared/protocol/publicMessage';

export interface CitizenMessage {
  title: '先生' | '女士';
  name: string;
  phone: string;
  area: string;
  category: string;
  text: string;
  consent: true;
}


// Prefixes of the three carriers' mobile ranges (1[3-9]x), as phone.ts accepts them.
const PREFIXES = ['130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '198', '199'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗'];
const GIVEN = ['建国', '秀英', '桂兰', '志强', '海燕', '玉梅', '卫东', '丽娟', '文博', '晓明', '春华', '国庆', '红梅', '子涵', '浩然'];
const AREAS = ['云龙区', '鼓楼区', '泉山区', '铜山区', '贾汪区', '徐州经济技术开发区', '丰县', '沛县', '睢宁县', '邳州市', '新沂市'];
const ROADS = ['和平路', '淮海东路', '中山北路', '解放南路', '建国西路', '三环东路', '徐海路', '复兴南路', '黄河北路', '民主南路', '汉源大道', '湖北路'];
const ESTATES = ['矿山新村', '桃园小区', '翠湖御景', '民主南路小区', '新城花园', '马场湖小区', '风华园', '王陵路小区', '万科城', '绿地世纪城', '金域蓝湾', '奎园小区'];
const SINCE = ['快两个月了', '从去年冬天到现在', '已经半年多', '反映过好几次', '这一个多星期', '打过12345两次'];
const ASKS = ['希望市长关注一下，尽快解决。', '请相关部门给个明确答复。', '恳请政府督促落实，谢谢！', '希望能安排人来现场看看。', '请问什么时候能解决？', '老百姓盼着早日解决。'];

/** Matter templates: the category they are filed under (all on the seeded list) and the words. */
const MATTERS: Array<{ category: string; say: (p: { road: string; estate: string; since: string }) => string }> = [
  { category: '加装电梯', say: ({ estate, since }) => `我们${estate}是九十年代的老楼，住了很多老人，加装电梯的事${since}，意见也征求了，就是卡在审批上没人管。` },
  { category: '物业管理', say: ({ estate, since }) => `${estate}物业收费不少，可楼道灯坏了没人修，垃圾好几天才清一次，${since}，业主找物业只会推。` },
  { category: '噪音扰民', say: ({ road, since }) => `${road}附近的工地晚上十一点以后还在施工，噪音很大，孩子没法睡觉，${since}。` },
  { category: '停车管理', say: ({ road, estate }) => `${estate}门口${road}上车辆乱停，早晚高峰救护车都进不来，小区里车位又不够。` },
  { category: '供暖服务', say: ({ estate, since }) => `${estate}今年供暖温度一直上不去，家里只有十四五度，${since}，热力公司来测过也没改善。` },
  { category: '道路施工', say: ({ road, since }) => `${road}修路围挡${since}，工期一拖再拖，两边商户生意受影响，行人只能走机动车道。` },
  { category: '学位紧张', say: ({ estate }) => `我家住在${estate}，孩子明年上小学，听说学区调整了，学位不够，家长们都很着急。` },
  { category: '公交线路', say: ({ road, estate }) => `${estate}附近新建了好几个小区，${road}一直没有公交线路，老人去医院要走二十多分钟。` },
  { category: '二次供水', say: ({ estate, since }) => `${estate}高层水压不够，早上做饭的时候经常停水，${since}，二次供水设备老化。` },
  { category: '拖欠薪资', say: ({ road }) => `我在${road}一个项目上干活，包工头拖欠我们十几个人的工资，快过年了还没拿到。` },
  { category: '餐饮油烟', say: ({ estate, road }) => `${road}${estate}楼下的烧烤店油烟直排，窗户都不敢开，晚上还很吵。` },
  { category: '医保报销', say: ({ since }) => `我母亲在外地住院，异地医保报销手续很复杂，材料交了${since}还没有结果。` },
  { category: '老旧小区改造', say: ({ estate, since }) => `${estate}列入老旧小区改造名单${since}，雨污分流做了一半就停了，路面坑坑洼洼。` },
  { category: '路灯照明', say: ({ road, since }) => `${road}靠近桥下那一段路灯不亮，${since}，晚上骑电动车很危险。` },
  { category: '电动自行车', say: ({ estate }) => `${estate}没有集中充电桩，很多人飞线充电，楼道里停满电动车，担心出事。` },
];

/** `count` distinct valid China mobile numbers. */
export function distinctMobiles(count: number, rand: () => number): string[] {
  const seen = new Set<string>();
  while (seen.size < count) {
    const prefix = PREFIXES[Math.floor(rand() * PREFIXES.length)];
    const rest = String(Math.floor(rand() * 1e8)).padStart(8, '0');
    seen.add(prefix + rest);
  }
  return [...seen];
}

/**
 * `count` messages, each one a valid PublicMessageBody once its `altcha` is added (checked here, so
 * a refusal in the bench is the server's, never a malformed body). `categories` are the episode's,
 * from the public form data: templates whose category is not offered are filed under the first one.
 */
export function citizenMessages(count: number, categories: string[], seed = 2026): CitizenMessage[] {
  const rand = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const offered = new Set(categories);
  return distinctMobiles(count, rand).map((phone) => {
    const matter = pick(MATTERS);
    const text = `${matter.say({ road: pick(ROADS), estate: pick(ESTATES), since: pick(SINCE) })}${pick(ASKS)}`;
    const message: CitizenMessage = {
      title: rand() < 0.55 ? '先生' : '女士',
      name: rand() < 0.4 ? `${pick(SURNAMES)}${pick(GIVEN)}` : '',
      phone,
      area: pick(AREAS),
      category: offered.has(matter.category) ? matter.category : categories[0] ?? '',
      text,
      consent: true,
    };
    PublicMessageBody.parse({ ...message, altcha: 'x' });
    return message;
  });
}
