using OpsConsole.Catalog;

namespace OpsConsole.Demo;

/// <summary>A catalogue item with what the simulation needs beyond the stored row.</summary>
internal sealed class DemoItem(CatalogItem row, int index, int topic, int lessons, double popularity)
{
    public CatalogItem Row { get; } = row;
    public int Index { get; } = index;
    public int Topic { get; } = topic;
    /// <summary>Lessons or chapters, used for lesson_progress events.</summary>
    public int Lessons { get; } = lessons;
    /// <summary>Relative attention the item gets inside its topic.</summary>
    public double Popularity { get; } = popularity;
    public decimal Price => Row.Price;
    public bool IsPaid => Row.Price > 0;
    public bool HasLessons => Row.Kind is ContentKind.Course or ContentKind.Column or ContentKind.EBook;

    public bool IsAvailable(DateTime at) => Row.PublishedAt <= at && (Row.RetiredAt is null || Row.RetiredAt > at);
}

internal sealed record DemoSubject(string Chinese, string English, string[] Tags);

internal sealed record DemoTopic(string Key, string Chinese, string English, double Popularity, DemoSubject[] Subjects)
{
    /// <summary>What learners type into search when they look for this topic.</summary>
    public IEnumerable<string> Queries =>
        Subjects.SelectMany(s => new[] { s.Chinese, s.English.ToLowerInvariant() }).Concat(Subjects.SelectMany(s => s.Tags)).Distinct();
}

internal static class DemoCatalog
{
    public const int ItemsPerTopic = 30;

    public static readonly DemoTopic[] Topics =
    [
        new("ai", "人工智能", "AI", 1.6,
        [
            new("大模型应用开发", "LLM Application Development", ["llm", "rag", "python"]),
            new("机器学习", "Machine Learning", ["ml", "python", "scikit-learn"]),
            new("深度学习", "Deep Learning", ["deep-learning", "pytorch"]),
            new("RAG 检索增强生成", "Retrieval-Augmented Generation", ["rag", "llm", "vector-db"]),
            new("提示词工程", "Prompt Engineering", ["prompt", "llm"]),
            new("AI Agent 开发", "Building AI Agents", ["agent", "llm"]),
            new("推荐系统", "Recommender Systems", ["recsys", "ml"]),
            new("计算机视觉", "Computer Vision", ["cv", "pytorch"]),
            new("自然语言处理", "Natural Language Processing", ["nlp", "transformer"]),
            new("大模型微调", "Fine-Tuning LLMs", ["fine-tuning", "llm", "lora"]),
            new("MLOps 工程实践", "MLOps", ["mlops", "ml"]),
            new("向量数据库", "Vector Databases", ["vector-db", "embedding"]),
        ]),
        new("cloud", "云计算", "Cloud", 1.1,
        [
            new("Kubernetes", "Kubernetes", ["k8s", "containers"]),
            new("云原生架构", "Cloud-Native Architecture", ["cloud-native", "microservices"]),
            new("AWS 架构设计", "AWS Architecture", ["aws"]),
            new("阿里云实战", "Alibaba Cloud", ["aliyun"]),
            new("Serverless", "Serverless", ["serverless", "faas"]),
            new("Docker 容器", "Docker", ["docker", "containers"]),
            new("Istio 服务网格", "Service Mesh with Istio", ["istio", "service-mesh"]),
            new("云成本优化", "Cloud Cost Optimization", ["finops"]),
            new("多云架构", "Multi-Cloud Architecture", ["multi-cloud"]),
            new("Terraform", "Terraform", ["terraform", "iac"]),
            new("云上高可用", "High Availability in the Cloud", ["ha", "sre"]),
            new("云网络", "Cloud Networking", ["networking", "vpc"]),
        ]),
        new("data", "数据", "Data", 1.1,
        [
            new("数据分析", "Data Analysis", ["analytics", "sql", "python"]),
            new("SQL 进阶", "Advanced SQL", ["sql"]),
            new("Spark 大数据", "Big Data with Spark", ["spark", "big-data"]),
            new("Flink 实时计算", "Stream Processing with Flink", ["flink", "streaming"]),
            new("数据仓库", "Data Warehousing", ["data-warehouse"]),
            new("数据治理", "Data Governance", ["governance"]),
            new("Pandas 数据处理", "Pandas", ["pandas", "python"]),
            new("数据可视化", "Data Visualization", ["visualization"]),
            new("ClickHouse", "ClickHouse", ["clickhouse", "olap"]),
            new("Kafka", "Kafka", ["kafka", "streaming"]),
            new("指标体系设计", "Metrics Design", ["metrics", "analytics"]),
            new("湖仓一体", "Data Lakehouse", ["lakehouse", "iceberg"]),
        ]),
        new("frontend", "前端", "Frontend", 1.2,
        [
            new("React", "React", ["react", "javascript"]),
            new("Vue 3", "Vue 3", ["vue", "javascript"]),
            new("TypeScript", "TypeScript", ["typescript"]),
            new("前端工程化", "Frontend Engineering", ["vite", "webpack"]),
            new("现代 CSS", "Modern CSS", ["css"]),
            new("浏览器工作原理", "How Browsers Work", ["browser"]),
            new("Next.js", "Next.js", ["nextjs", "react"]),
            new("前端性能优化", "Web Performance", ["performance"]),
            new("小程序开发", "Mini Program Development", ["miniprogram"]),
            new("WebAssembly", "WebAssembly", ["wasm"]),
            new("D3 可视化", "Data Viz with D3", ["d3", "visualization"]),
            new("前端测试", "Frontend Testing", ["testing"]),
        ]),
        new("backend", "后端", "Backend", 1.3,
        [
            new("Go 语言", "Go", ["go"]),
            new("Java 并发编程", "Java Concurrency", ["java", "concurrency"]),
            new("Spring Boot", "Spring Boot", ["java", "spring"]),
            new("微服务", "Microservices", ["microservices"]),
            new("分布式系统", "Distributed Systems", ["distributed"]),
            new("MySQL 实战", "MySQL in Practice", ["mysql", "sql"]),
            new("Redis", "Redis", ["redis", "cache"]),
            new("系统设计", "System Design", ["architecture"]),
            new(".NET 开发", ".NET Development", ["dotnet", "csharp"]),
            new("高并发架构", "High-Concurrency Systems", ["performance"]),
            new("消息队列", "Message Queues", ["mq", "kafka"]),
            new("API 设计", "API Design", ["api", "rest"]),
        ]),
        new("rust", "Rust", "Rust", 0.7,
        [
            new("Rust 入门", "Rust Fundamentals", ["rust"]),
            new("所有权与生命周期", "Ownership and Lifetimes", ["rust", "ownership"]),
            new("Rust 异步编程", "Async Rust", ["rust", "async", "tokio"]),
            new("Rust Web 开发", "Rust Web with Axum", ["rust", "axum", "web"]),
            new("Rust 系统编程", "Systems Programming in Rust", ["rust", "systems"]),
            new("嵌入式 Rust", "Embedded Rust", ["rust", "embedded"]),
            new("Rust 性能优化", "Rust Performance", ["rust", "performance"]),
            new("Rust 宏编程", "Rust Macros", ["rust", "macros"]),
            new("Rust 并发", "Rust Concurrency", ["rust", "concurrency"]),
            new("Unsafe Rust", "Unsafe Rust", ["rust", "unsafe"]),
            new("Rust 与 WebAssembly", "Rust and WebAssembly", ["rust", "wasm"]),
            new("Rust 命令行工具", "CLI Tools in Rust", ["rust", "cli"]),
        ]),
        new("security", "安全", "Security", 0.6,
        [
            new("Web 安全", "Web Security", ["web-security", "owasp"]),
            new("渗透测试", "Penetration Testing", ["pentest"]),
            new("应用密码学", "Applied Cryptography", ["crypto"]),
            new("零信任架构", "Zero Trust", ["zero-trust"]),
            new("安全编码", "Secure Coding", ["secure-coding"]),
            new("云安全", "Cloud Security", ["cloud-security"]),
            new("应急响应", "Incident Response", ["incident-response"]),
            new("逆向工程", "Reverse Engineering", ["reverse-engineering"]),
            new("OAuth 与身份认证", "Authentication and OAuth", ["oauth", "identity"]),
            new("代码审计", "Code Auditing", ["audit"]),
            new("数据安全与合规", "Data Privacy and Compliance", ["privacy", "compliance"]),
            new("威胁建模", "Threat Modeling", ["threat-modeling"]),
        ]),
        new("devops", "DevOps", "DevOps", 0.8,
        [
            new("CI/CD 流水线", "CI/CD Pipelines", ["cicd"]),
            new("GitOps", "GitOps", ["gitops", "argocd"]),
            new("可观测性", "Observability", ["observability", "prometheus"]),
            new("SRE 实践", "SRE in Practice", ["sre"]),
            new("Linux 运维", "Linux Operations", ["linux"]),
            new("Ansible 自动化", "Ansible Automation", ["ansible", "iac"]),
            new("监控与告警", "Monitoring and Alerting", ["monitoring"]),
            new("线上故障排查", "Troubleshooting Production", ["troubleshooting"]),
            new("Git 进阶", "Advanced Git", ["git"]),
            new("混沌工程", "Chaos Engineering", ["chaos"]),
            new("平台工程", "Platform Engineering", ["platform"]),
            new("发布工程", "Release Engineering", ["release"]),
        ]),
        new("mobile", "移动开发", "Mobile", 0.7,
        [
            new("Android 开发", "Android Development", ["android", "kotlin"]),
            new("iOS 开发", "iOS Development", ["ios", "swift"]),
            new("Flutter", "Flutter", ["flutter", "dart"]),
            new("Kotlin", "Kotlin", ["kotlin"]),
            new("SwiftUI", "SwiftUI", ["swiftui", "ios"]),
            new("鸿蒙应用开发", "HarmonyOS Development", ["harmonyos"]),
            new("React Native", "React Native", ["react-native"]),
            new("移动端性能优化", "Mobile Performance", ["performance"]),
            new("Jetpack Compose", "Jetpack Compose", ["compose", "android"]),
            new("移动端架构", "Mobile Architecture", ["architecture"]),
            new("App 安全", "Mobile App Security", ["security"]),
            new("跨端开发", "Cross-Platform Apps", ["cross-platform"]),
        ]),
        new("career", "职场成长", "Career", 0.9,
        [
            new("技术面试", "Tech Interviews", ["interview"]),
            new("技术管理", "Engineering Management", ["management"]),
            new("职业规划", "Career Planning", ["career"]),
            new("架构师成长", "Becoming an Architect", ["architect"]),
            new("技术写作", "Technical Writing", ["writing"]),
            new("工程师沟通", "Communication for Engineers", ["soft-skills"]),
            new("算法面试", "Algorithm Interviews", ["algorithms", "interview"]),
            new("技术英语", "English for Developers", ["english"]),
            new("远程工作", "Remote Work", ["remote"]),
            new("开源贡献", "Contributing to Open Source", ["open-source"]),
            new("程序员副业", "Side Projects", ["side-project"]),
            new("团队效能", "Team Productivity", ["productivity"]),
        ]),
    ];

    // Per topic: the mix of kinds the catalogue carries (30 items).
    private static readonly (ContentKind Kind, int Count)[] Mix =
    [
        (ContentKind.Article, 8), (ContentKind.Column, 6), (ContentKind.Course, 8), (ContentKind.LiveClass, 4), (ContentKind.EBook, 4),
    ];

    private static readonly decimal[] ColumnPrices = [99, 129, 149, 199, 249, 299];
    private static readonly double[] ColumnPriceWeights = [3, 2, 3, 3, 1, 1];
    private static readonly decimal[] CoursePrices = [199, 299, 399, 499, 699, 899, 1299];
    private static readonly double[] CoursePriceWeights = [2, 3, 3, 3, 2, 1, 1];
    private static readonly decimal[] LivePrices = [0, 49, 99, 199];
    private static readonly double[] LivePriceWeights = [4, 2, 3, 1];
    private static readonly decimal[] BookPrices = [29, 39, 49, 69, 89];

    private static readonly Dictionary<ContentKind, string> IdPrefix = new()
    {
        [ContentKind.Course] = "crs", [ContentKind.Column] = "col", [ContentKind.LiveClass] = "live",
        [ContentKind.EBook] = "ebk", [ContentKind.Article] = "art",
    };

    private static readonly Dictionary<ContentKind, string[]> ChineseTitles = new()
    {
        [ContentKind.Course] = ["{0}实战课", "{0}从入门到精通", "{0}核心技术与实战", "深入浅出{0}", "{0}训练营"],
        [ContentKind.Column] = ["{0} 45 讲", "{0}实战 36 讲", "{0}进阶专栏", "{0}原理与实践"],
        [ContentKind.LiveClass] = ["直播：{0}最佳实践", "直播公开课：{0}", "直播答疑：{0}"],
        [ContentKind.EBook] = ["《{0}指南》", "《{0}手册》", "《{0}实战笔记》"],
        [ContentKind.Article] = ["一文读懂{0}", "{0}踩坑记录", "{0}的十个误区", "{0}入门路线图", "{0}面试题精讲"],
    };

    private static readonly Dictionary<ContentKind, string[]> EnglishTitles = new()
    {
        [ContentKind.Course] = ["{0} in Practice", "Mastering {0}", "{0}: From Zero to Production", "{0} Bootcamp"],
        [ContentKind.Column] = ["{0}: 40 Lessons", "The {0} Column", "{0} Deep Dives"],
        [ContentKind.LiveClass] = ["Live: {0} Q&A", "Live Workshop: {0}", "Live: {0} Office Hours"],
        [ContentKind.EBook] = ["The {0} Handbook", "{0} Field Guide", "{0} Cookbook"],
        [ContentKind.Article] = ["Understanding {0}", "{0}: Lessons Learned", "10 Myths About {0}", "A Roadmap to {0}"],
    };

    /// <summary>About 300 items: 30 per topic, priced by kind, a few published during the window and a few retired.</summary>
    public static List<DemoItem> Build(DemoRandom rng, DateTime windowStart, DateTime windowEnd)
    {
        var items = new List<DemoItem>();
        var titles = new HashSet<string>(StringComparer.Ordinal);
        var windowDays = (windowEnd - windowStart).TotalDays;
        for (var t = 0; t < Topics.Length; t++)
        {
            var topic = Topics[t];
            var instructors = Enumerable.Range(0, 4).Select(_ => DemoPeople.InstructorName(rng)).ToArray();
            var subjects = topic.Subjects.ToList();
            rng.Shuffle(subjects);
            var perKind = new Dictionary<ContentKind, int>();
            var slot = 0;
            foreach (var (kind, count) in Mix)
            {
                for (var k = 0; k < count; k++, slot++)
                {
                    var subject = subjects[slot % subjects.Count];
                    var number = perKind[kind] = perKind.GetValueOrDefault(kind) + 1;
                    var english = rng.Chance(0.2);
                    var title = UniqueTitle(rng, titles, kind, subject, english);
                    var published = rng.Chance(0.15)
                        ? windowStart.AddDays(rng.Uniform(0, windowDays * 0.85))
                        : windowStart.AddDays(-rng.Uniform(1, 3 * 365));
                    DateTime? retired = null;
                    if (rng.Chance(0.045))
                    {
                        var from = published > windowStart ? published : windowStart.AddDays(-120);
                        var retiredAt = from.AddDays(rng.Uniform(20, 200));
                        retired = retiredAt < windowEnd ? retiredAt : null;
                    }
                    var updated = published.AddDays(rng.Uniform(0, 240));
                    updated = retired ?? (updated < windowEnd ? updated : windowEnd);
                    var row = new CatalogItem
                    {
                        Id = $"{IdPrefix[kind]}-{topic.Key}-{number:D2}",
                        Kind = kind,
                        Title = title,
                        Topic = topic.Key,
                        Tags = string.Join(',', new[] { topic.Key }.Concat(subject.Tags).Distinct()),
                        Price = Price(rng, kind),
                        Currency = "CNY",
                        Instructor = kind == ContentKind.Article && rng.Chance(0.5) ? null : rng.Pick(instructors),
                        Level = Level(rng, kind),
                        PublishedAt = Truncate(published),
                        RetiredAt = retired is { } r ? Truncate(r) : null,
                        UpdatedAt = Truncate(updated),
                    };
                    var lessons = kind switch
                    {
                        ContentKind.Course => rng.Next(20, 81),
                        ContentKind.Column => rng.Next(30, 61),
                        ContentKind.EBook => rng.Next(10, 21),
                        _ => 1,
                    };
                    // A long tail inside each topic: a few hits, many niche items.
                    var popularity = Math.Pow(rng.Uniform(0.05, 1), 2.2) * KindAttention(kind);
                    items.Add(new DemoItem(row, items.Count, t, lessons, popularity));
                }
            }
        }
        return items;
    }

    private static string UniqueTitle(DemoRandom rng, HashSet<string> taken, ContentKind kind, DemoSubject subject, bool english)
    {
        var templates = english ? EnglishTitles[kind] : ChineseTitles[kind];
        var name = english ? subject.English : subject.Chinese;
        var start = rng.Next(templates.Length);
        for (var i = 0; i < templates.Length; i++)
        {
            var title = string.Format(System.Globalization.CultureInfo.InvariantCulture, templates[(start + i) % templates.Length], name);
            if (taken.Add(title))
            {
                return title;
            }
        }
        for (var edition = 2; ; edition++)
        {
            var title = string.Format(System.Globalization.CultureInfo.InvariantCulture, templates[start], name)
                + (english ? $" ({Ordinal(edition)} edition)" : $"（第 {edition} 版）");
            if (taken.Add(title))
            {
                return title;
            }
        }
    }

    private static string Ordinal(int n) => n switch { 2 => "2nd", 3 => "3rd", _ => $"{n}th" };

    private static decimal Price(DemoRandom rng, ContentKind kind) => kind switch
    {
        ContentKind.Article => 0m,
        ContentKind.Column => ColumnPrices[rng.PickWeighted(ColumnPriceWeights)],
        ContentKind.Course => CoursePrices[rng.PickWeighted(CoursePriceWeights)],
        ContentKind.LiveClass => LivePrices[rng.PickWeighted(LivePriceWeights)],
        _ => rng.Pick(BookPrices),
    };

    private static ContentLevel Level(DemoRandom rng, ContentKind kind)
    {
        var weights = kind == ContentKind.Article ? new[] { 6.0, 3, 1 } : [4.0, 4, 2];
        return (ContentLevel)rng.PickWeighted(weights);
    }

    private static double KindAttention(ContentKind kind) => kind switch
    {
        ContentKind.Article => 1.6,
        ContentKind.Column => 1.0,
        ContentKind.Course => 1.0,
        ContentKind.LiveClass => 0.7,
        _ => 0.6,
    };

    /// <summary>Whole seconds: what a platform's clock would send, and stable across providers' precision.</summary>
    public static DateTime Truncate(DateTime value) => new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
