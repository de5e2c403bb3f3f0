using System.Globalization;

namespace OpsConsole.Demo;

internal sealed record DemoRegion(string Name, int UtcOffsetHours, double Weight);

internal sealed record DemoPerson(string Name, string Email, string Phone);

/// <summary>
/// Who the learners are: names, contact details and where they come from. Email addresses use the
/// domains reserved for examples (RFC 2606) so a retention mail sent from a demo database can never reach
/// a real inbox; US phone numbers use the 555-01xx range set aside for fiction.
/// </summary>
internal static class DemoPeople
{
    public const string ChineseLocale = "zh-CN";
    public const string EnglishLocale = "en-US";

    public static readonly string[] Channels = ["organic", "search", "wechat", "referral", "ads", "partner"];
    public static readonly double[] ChineseChannelWeights = [30, 22, 22, 10, 11, 5];
    public static readonly double[] EnglishChannelWeights = [34, 30, 0, 12, 16, 8];

    public static readonly string[] Devices = ["ios", "android", "web", "miniprogram"];
    public static readonly double[] ChineseDeviceWeights = [32, 34, 20, 14];
    public static readonly double[] EnglishDeviceWeights = [40, 22, 38, 0];

    public static readonly DemoRegion[] ChineseRegions =
    [
        new("Beijing", 8, 14), new("Shanghai", 8, 13), new("Guangdong", 8, 16), new("Zhejiang", 8, 10), new("Jiangsu", 8, 9),
        new("Sichuan", 8, 6), new("Hubei", 8, 5), new("Shaanxi", 8, 4), new("Fujian", 8, 4), new("Shandong", 8, 5),
        new("Hunan", 8, 3), new("Henan", 8, 3), new("Tianjin", 8, 2), new("Chongqing", 8, 3), new("Anhui", 8, 2),
        new("Liaoning", 8, 2), new("Hong Kong", 8, 1), new("Taiwan", 8, 1),
    ];

    public static readonly DemoRegion[] EnglishRegions =
    [
        new("United States", -6, 40), new("Singapore", 8, 15), new("United Kingdom", 0, 12), new("Canada", -5, 10),
        new("Australia", 10, 8), new("Germany", 1, 7), new("Malaysia", 8, 5), new("India", 5, 3),
    ];

    private static readonly double[] ChineseRegionWeights = ChineseRegions.Select(r => r.Weight).ToArray();
    private static readonly double[] EnglishRegionWeights = EnglishRegions.Select(r => r.Weight).ToArray();

    // Common surnames with their pinyin, weighted roughly by how common they are.
    private static readonly (string Hanzi, string Pinyin, double Weight)[] Surnames =
    [
        ("王", "wang", 7.2), ("李", "li", 7.0), ("张", "zhang", 6.8), ("刘", "liu", 5.4), ("陈", "chen", 4.5), ("杨", "yang", 3.1),
        ("黄", "huang", 2.4), ("赵", "zhao", 2.3), ("吴", "wu", 2.1), ("周", "zhou", 2.1), ("徐", "xu", 1.7), ("孙", "sun", 1.5),
        ("马", "ma", 1.5), ("朱", "zhu", 1.4), ("胡", "hu", 1.3), ("郭", "guo", 1.3), ("何", "he", 1.2), ("林", "lin", 1.2),
        ("高", "gao", 1.2), ("罗", "luo", 1.1), ("郑", "zheng", 1.1), ("梁", "liang", 1.0), ("谢", "xie", 0.9), ("宋", "song", 0.9),
        ("唐", "tang", 0.9), ("许", "xu", 0.8), ("韩", "han", 0.8), ("冯", "feng", 0.8), ("邓", "deng", 0.8), ("曹", "cao", 0.7),
        ("彭", "peng", 0.7), ("曾", "zeng", 0.7), ("肖", "xiao", 0.7), ("田", "tian", 0.6), ("董", "dong", 0.6), ("袁", "yuan", 0.6),
        ("潘", "pan", 0.6), ("蒋", "jiang", 0.5), ("蔡", "cai", 0.5), ("余", "yu", 0.5), ("杜", "du", 0.5), ("叶", "ye", 0.5),
        ("程", "cheng", 0.5), ("苏", "su", 0.5), ("魏", "wei", 0.5), ("吕", "lyu", 0.5), ("丁", "ding", 0.4), ("沈", "shen", 0.4),
        ("欧阳", "ouyang", 0.1), ("司马", "sima", 0.05),
    ];

    private static readonly double[] SurnameWeights = Surnames.Select(s => s.Weight).ToArray();

    private static readonly (string Hanzi, string Pinyin)[] GivenNames =
    [
        ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("秀英", "xiuying"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("强", "qiang"),
        ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"),
        ("明", "ming"), ("超", "chao"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"), ("浩然", "haoran"), ("子轩", "zixuan"),
        ("雨桐", "yutong"), ("思远", "siyuan"), ("梓涵", "zihan"), ("一鸣", "yiming"), ("晨", "chen"), ("欣怡", "xinyi"),
        ("宇航", "yuhang"), ("嘉怡", "jiayi"), ("俊杰", "junjie"), ("佳琪", "jiaqi"), ("文博", "wenbo"), ("志强", "zhiqiang"),
        ("建华", "jianhua"), ("晓东", "xiaodong"), ("海燕", "haiyan"), ("子涵", "zihan"), ("博文", "bowen"), ("天宇", "tianyu"),
        ("诗雨", "shiyu"), ("雪", "xue"), ("鹏", "peng"), ("婷", "ting"), ("昊", "hao"), ("琳", "lin"), ("凯", "kai"), ("颖", "ying"),
        ("宁", "ning"), ("斌", "bin"), ("晓雯", "xiaowen"), ("梦瑶", "mengyao"), ("泽宇", "zeyu"), ("若曦", "ruoxi"), ("家豪", "jiahao"),
    ];

    private static readonly string[] FirstNames =
    [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William", "Barbara",
        "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Daniel", "Karen", "Matthew", "Emily", "Anthony", "Olivia",
        "Mark", "Sophia", "Andrew", "Hannah", "Joshua", "Grace", "Ryan", "Chloe", "Kevin", "Emma", "Brian", "Megan", "Ethan", "Zoe",
        "Priya", "Arjun", "Wei", "Mei", "Jun", "Lucas", "Noah", "Mia", "Liam", "Ava", "Oliver", "Isla", "Ahmad", "Siti", "Felix", "Lena",
    ];

    private static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas",
        "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Young", "Allen", "King", "Wright",
        "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Tan", "Lim", "Ng", "Wong",
        "Lee", "Chen", "Patel", "Singh", "Sharma", "Müller", "Schmidt", "Fischer", "O'Brien", "Murphy", "Kelly", "Nguyen", "Rahman",
    ];

    private static readonly string[] MailDomains = ["example.com", "example.net", "example.org"];

    // Mobile prefixes of the three big operators, so numbers look like what learners actually register with.
    private static readonly string[] ChineseMobilePrefixes =
        ["134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "182", "183", "187", "188",
         "130", "131", "132", "155", "156", "185", "186", "133", "153", "177", "180", "181", "189", "199"];

    public static DemoRegion Region(DemoRandom rng, bool chinese) =>
        chinese ? ChineseRegions[rng.PickWeighted(ChineseRegionWeights)] : EnglishRegions[rng.PickWeighted(EnglishRegionWeights)];

    public static string Channel(DemoRandom rng, bool chinese) =>
        Channels[rng.PickWeighted(chinese ? ChineseChannelWeights : EnglishChannelWeights)];

    public static string Device(DemoRandom rng, bool chinese) =>
        Devices[rng.PickWeighted(chinese ? ChineseDeviceWeights : EnglishDeviceWeights)];

    public static DemoPerson Person(DemoRandom rng, bool chinese, int serial)
    {
        string name, handle;
        if (chinese)
        {
            var surname = Surnames[rng.PickWeighted(SurnameWeights)];
            var given = rng.Pick(GivenNames);
            name = surname.Hanzi + given.Hanzi;
            handle = rng.Next(4) switch
            {
                0 => $"{surname.Pinyin}{given.Pinyin}",
                1 => $"{given.Pinyin}.{surname.Pinyin}",
                2 => $"{surname.Pinyin}_{given.Pinyin}{rng.Next(70, 100)}",
                _ => $"{given.Pinyin}{surname.Pinyin}{rng.Next(1, 1000)}",
            };
        }
        else
        {
            var first = rng.Pick(FirstNames);
            var last = rng.Pick(LastNames);
            name = $"{first} {last}";
            var plain = new string(last.Where(char.IsAsciiLetter).ToArray()).ToLowerInvariant();
            handle = rng.Next(3) switch
            {
                0 => $"{first.ToLowerInvariant()}.{plain}",
                1 => $"{first.ToLowerInvariant()[0]}{plain}",
                _ => $"{first.ToLowerInvariant()}{plain}{rng.Next(1, 100)}",
            };
        }
        // The serial keeps addresses unique however often a name repeats.
        var email = $"{handle}.{serial.ToString(CultureInfo.InvariantCulture)}@{rng.Pick(MailDomains)}";
        var phone = chinese
            ? $"+86 {rng.Pick(ChineseMobilePrefixes)} {rng.Next(10000):D4} {rng.Next(10000):D4}"
            : $"+1 {rng.Next(201, 990)}-555-01{rng.Next(100):D2}";
        return new DemoPerson(name, email, phone);
    }

    public static string InstructorName(DemoRandom rng)
    {
        if (rng.Chance(0.75))
        {
            var surname = Surnames[rng.PickWeighted(SurnameWeights)];
            return surname.Hanzi + rng.Pick(GivenNames).Hanzi;
        }
        return $"{rng.Pick(FirstNames)} {rng.Pick(LastNames)}";
    }
}
