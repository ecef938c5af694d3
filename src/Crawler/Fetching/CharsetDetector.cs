using System.Text;
using System.Text.RegularExpressions;

namespace SentimentWatch.Crawler.Fetching;

/// <summary>The decoded body and how its charset was decided.</summary>
/// <param name="Source">header, bom, meta, sniff (and, when a declaration was wrong, which one was overruled).</param>
internal sealed record DecodedText(string Text, Encoding Encoding, string Source);

/// <summary>
/// Decides a body's charset: HTTP header, byte-order mark, <c>&lt;meta&gt;</c> / XML declaration, then sniffing.
/// A declaration whose decoding yields invalid byte sequences is treated as wrong (Chinese sites often declare
/// UTF-8 and send GBK) and the next step decides.
/// </summary>
internal static partial class CharsetDetector
{
    /// <summary>How far into the body a meta tag or XML declaration is looked for (WHATWG prescans 1024 bytes; old CMS pages put long scripts first).</summary>
    private const int PrescanBytes = 4096;

    /// <summary>Bytes scored when sniffing GB18030 against Big5.</summary>
    private const int SniffSampleBytes = 16 * 1024;

    static CharsetDetector()
    {
        // GB18030, Big5 and the Windows code pages live in the code-pages provider, not in the default set.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static Encoding Gb18030 { get; } = GetStrict(54936);

    public static Encoding Big5 { get; } = GetStrict(950);

    public static DecodedText Decode(byte[] body, string? headerCharset)
    {
        var overruled = new List<string>();
        var bom = FromBom(body);

        if (Lookup(headerCharset) is { } declared)
        {
            // A byte-order mark is unambiguous; one that contradicts the header wins (as in WHATWG sniffing).
            if (bom is not null && bom.CodePage != declared.CodePage)
            {
                overruled.Add($"header {headerCharset} contradicted by BOM");
            }
            else if (TryDecodeClean(body, declared, bom is null ? 0 : bom.GetPreamble().Length) is { } text)
            {
                return new DecodedText(text, declared, "header");
            }
            else
            {
                overruled.Add($"header declared {headerCharset} but bytes are not valid {declared.WebName}");
            }
        }
        else if (!string.IsNullOrWhiteSpace(headerCharset))
        {
            overruled.Add($"header charset '{headerCharset}' unknown");
        }

        if (bom is not null)
        {
            var preamble = bom.GetPreamble().Length;
            return new DecodedText(Lenient(bom).GetString(body, preamble, body.Length - preamble), bom, Join("bom", overruled));
        }

        if (FromPrescan(body) is { } metaName)
        {
            if (Lookup(metaName) is { } meta)
            {
                // UTF-16 declared in a byte-compatible prescan is impossible (WHATWG): the page is really UTF-8 or legacy.
                if (meta.CodePage is not (1200 or 1201))
                {
                    if (TryDecodeClean(body, meta, 0) is { } text)
                    {
                        return new DecodedText(text, meta, Join("meta", overruled));
                    }

                    overruled.Add($"meta declared {metaName} but bytes are not valid {meta.WebName}");
                }
            }
            else
            {
                overruled.Add($"meta charset '{metaName}' unknown");
            }
        }

        var sniffed = Sniff(body, out var sniffedText);
        return new DecodedText(sniffedText, sniffed, Join("sniff", overruled));
    }

    /// <summary>Valid UTF-8 (including plain ASCII) is UTF-8; otherwise GB18030 or Big5, whichever decodes to more common Chinese characters.</summary>
    internal static Encoding Sniff(byte[] body, out string text)
    {
        // UTF-16 without a BOM first: its ASCII half is full of NUL bytes, which are valid UTF-8 and which GB18030 and
        // Big5 happily decode, so any later step would take it for something it is not.
        if (SniffUtf16(body) is { } utf16)
        {
            text = Lenient(utf16).GetString(body);
            return utf16;
        }

        if (TryDecodeClean(body, Encoding.UTF8, 0) is { } utf8)
        {
            text = utf8;
            return Encoding.UTF8;
        }

        // Score a prefix: enough text to tell the two apart, without decoding a long page three times.
        var sample = body.AsSpan(0, Math.Min(body.Length, SniffSampleBytes));
        var (gbText, gbInvalid) = DecodeCounting(sample, 54936);
        var (big5Text, big5Invalid) = DecodeCounting(sample, 950);
        var gbScore = CommonChineseScore(gbText) - (8 * gbInvalid);
        var big5Score = CommonChineseScore(big5Text) - (8 * big5Invalid);

        // Ties go to GB18030: mainland sites dominate what we watch, and GB18030 decodes every byte sequence Big5 does.
        var chosen = big5Score > gbScore ? Big5 : Gb18030;
        text = sample.Length == body.Length ? (chosen == Big5 ? big5Text : gbText) : DecodeCounting(body, chosen.CodePage).Text;
        return chosen;
    }

    /// <summary>
    /// UTF-16LE or BE without a byte-order mark, or null. Markup and ASCII put a NUL in every other byte (odd positions
    /// for LE, even for BE), which no page in an 8-bit or multi-byte legacy charset has. Text with no ASCII at all is
    /// UTF-16 when one byte order decodes without broken surrogates to clearly more common Chinese characters than
    /// GB18030, Big5 and the other byte order do.
    /// </summary>
    internal static Encoding? SniffUtf16(byte[] body)
    {
        if (body.Length < 4 || body.Length % 2 != 0)
        {
            return null;
        }

        var sample = body.AsSpan(0, Math.Min(body.Length, SniffSampleBytes));
        int even = 0, odd = 0;
        for (var i = 0; i < sample.Length; i++)
        {
            if (sample[i] == 0)
            {
                if (i % 2 == 0)
                {
                    even++;
                }
                else
                {
                    odd++;
                }
            }
        }

        var pairs = sample.Length / 2;
        if (odd >= pairs / 4 && even <= odd / 8)
        {
            return Encoding.Unicode;
        }

        if (even >= pairs / 4 && odd <= even / 8)
        {
            return Encoding.BigEndianUnicode;
        }

        if (System.Text.Unicode.Utf8.IsValid(sample))
        {
            return null;
        }

        var (leText, leInvalid) = DecodeCounting(sample, 1200);
        var (beText, beInvalid) = DecodeCounting(sample, 1201);
        var le = leInvalid == 0 ? CommonChineseScore(leText) : 0;
        var be = beInvalid == 0 ? CommonChineseScore(beText) : 0;
        var legacy = Math.Max(
            CommonChineseScore(DecodeCounting(sample, 54936).Text),
            CommonChineseScore(DecodeCounting(sample, 950).Text));
        var best = Math.Max(le, be);

        // Each UTF-16 character is two bytes against a legacy charset's two per Chinese character, so a right guess
        // scores about as many hits from the same bytes; a wrong one scores a handful by chance.
        if (best < 8 || best < 2 * legacy || best < 2 * Math.Min(le, be))
        {
            return null;
        }

        return le > be ? Encoding.Unicode : Encoding.BigEndianUnicode;
    }

    /// <summary>Maps a declared charset label to an encoding; GBK and GB2312 map to their superset GB18030.</summary>
    internal static Encoding? Lookup(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return null;
        }

        var name = label.Trim().Trim('"', '\'').ToLowerInvariant();
        switch (name)
        {
            case "gbk" or "gb2312" or "gb_2312" or "gb_2312-80" or "gb18030" or "x-gbk" or "cp936" or "ms936" or "windows-936" or "csgb2312" or "chinese" or "iso-ir-58" or "euc-cn":
                return Gb18030;
            case "big5" or "big5-hkscs" or "cn-big5" or "csbig5" or "x-x-big5" or "cp950" or "ms950" or "windows-950":
                return Big5;
            case "utf8" or "utf-8" or "unicode-1-1-utf-8":
                return Encoding.UTF8;
        }

        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Encoding GetStrict(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage);
    }

    private static Encoding? FromBom(byte[] body) => body switch
    {
        [0xEF, 0xBB, 0xBF, ..] => Encoding.UTF8,
        [0xFF, 0xFE, ..] => Encoding.Unicode,
        [0xFE, 0xFF, ..] => Encoding.BigEndianUnicode,
        _ => null,
    };

    private static string? FromPrescan(byte[] body)
    {
        // Latin-1 maps each byte to one char, so offsets and ASCII markup survive whatever the real charset is.
        var head = Encoding.Latin1.GetString(body, 0, Math.Min(body.Length, PrescanBytes));
        var m = MetaCharset().Match(head);
        if (m.Success)
        {
            return m.Groups["cs"].Value;
        }

        m = MetaHttpEquiv().Match(head);
        if (m.Success)
        {
            return m.Groups["cs"].Value;
        }

        m = XmlDeclaration().Match(head);
        return m.Success ? m.Groups["cs"].Value : null;
    }

    private static string? TryDecodeClean(byte[] body, Encoding encoding, int offset)
    {
        if (encoding.CodePage == 65001)
        {
            // The vectorised validator is far cheaper than decoding through a counting fallback.
            var span = body.AsSpan(offset);
            return System.Text.Unicode.Utf8.IsValid(span) ? Encoding.UTF8.GetString(span) : null;
        }

        var (text, invalid) = DecodeCounting(body.AsSpan(offset), encoding.CodePage);
        return invalid == 0 ? text : null;
    }

    private static (string Text, int Invalid) DecodeCounting(ReadOnlySpan<byte> body, int codePage)
    {
        var fallback = new CountingDecoderFallback();
        var encoding = Encoding.GetEncoding(codePage, EncoderFallback.ReplacementFallback, fallback);
        var text = encoding.GetString(body);
        return (text, fallback.Count);
    }

    private static Encoding Lenient(Encoding encoding) =>
        Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"));

    private static string Join(string source, List<string> overruled) =>
        overruled.Count == 0 ? source : $"{source} ({string.Join("; ", overruled)})";

    private static int CommonChineseScore(string text)
    {
        var score = 0;
        foreach (var c in text)
        {
            if (CommonChars.Contains(c))
            {
                score++;
            }
        }

        return score;
    }

    /// <summary>
    /// The most frequent Chinese characters in simplified and traditional text. Text decoded with the wrong one of
    /// GB18030/Big5 turns into rare characters, so counting hits from this set tells the two apart.
    /// </summary>
    private static readonly HashSet<char> CommonChars =
    [
        .. "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵硬麦蒋操耶阻订彩抽赞魔纷沿喊违妹浪汇币丰蓝殊献桌啦瓦莱援译夺汽烧距裁偏符勇触课敬哭懂墙袭召罚侠厅拜巧侧韩冒债曼融惯享戴童犹乘挂奖绍厚纵障讯涉彻刊丈爆乌役描洗玛患妙镜唱烦签仙彼弗症仿倾牌陷鸟轰咱菜闭奋庆撤泪茶疾缘播朗杜奶季丹狗尾仪偷奔珠虫驻孔宜艾桥淡翼恨繁寒伴叹旦愈潮粮缩罢聚径恰挑袋灰捕徐珍幕映裂泰隔启尖忠累炎暂估泛荒偿横拒瑞忆孤鼻闹羊呆厉衡胞零穷舍码赫婆魂灾洪腿胆津俗辩胸晓劲贫仁偶辑邦恢赖圈摸仰润堆碰艇稍迟辆废净凶署壁御奉旋冬矿抬蛋晨伏吹鸡倍糊秦盾杯租骑乏隆诊奴摄丧污渡旗甘耐凭扎抢绪粗肩梁幻菲皆碎宙叔岩荡综爬荷悉蒂返井壮薄悄扫敏碍殖详迪矛霍允幅撒剩凯颗骂赏液番箱贴漫酸郎腰舒眉忧浮辛恋餐吓挺励辞艘键伍峰尺昨黎辈贯侦滑券崇扰宪绕趋慈乔阅汗枝拖墨胁插箭腊粉泥氏彭拔骗凤慧媒佩愤扑龄驱惜豪掩兼跃尸肃帕驶堡届欣惠册储飘桑闲惨洁踪勃宾频仇磨递邪撞拟滚奏巡颜剂绩贡疯坡瞧截燃焦殿伪柳锁逼颇昏劝呈搜勤戒驾漂饮曹朵仔柔俩孟腐幼践籍牧凉牲佳娜浓芳稿竹腹跌逻垂遵脉貌柏狱猜怜惑陶兽帐饰贷昌叙躺钢沟寄扶铺邓寿惧询汤盗肥尝匆辉奈扣廷澳嘛董迁凝慰厌脏腾幽怨鞋丢埋泉涌辖躲晋紫艰魏吾慌祝邮吐狠鉴曰械咬邻赤挤弯椅陪割揭韦悟聪雾锋梯猫祥阔誉筹丛牵鸣沈阁穆屈旨袖猎臂蛇贺柱抛鼠瑟戈牢逊迈欺吨琴衰瓶恼燕仲诱狼池疼卢仗冠粒遥吕玄尘冯抚浅敦纠钻晶岂峡苍喷耗凌敲菌赔涂粹扁亏寂煤熊恭湿循暖糖赋抑秩帽哀宿踏烂袁侯抖夹昆肝擦猪炼恒慎搬纽纹玻渔磁铜齿跨押怖漠疲叛遣兹祭醉拳弥斜档稀捷肤疫肿豆削岗晃吞宏癌肚隶履涨耀扭坛拨沃绘伐堪仆郭牺歼墓雇廉契拼惩捉覆刷劫嫌瓜歇雕闷乳串娃缴唤赢莲霸桃妥瘦搭赴岳嘉舱俊址庞耕锐缝悔邀玲惟斥宅添挖呵讼氧浩羽斤酷掠妖祸侍乙妨贪挣汪尿莉悬唇翰仓轨枚盐览傅帅庙芬屏寺胖璃愚滴疏萧姿颤丑劣柯寸扔盯辱匹俱辨饿蜂哦腔郁溃谨糟葛苗肠忌溜鸿爵鹏鹰笼丘桂滋聊挡纲肌茨壳痕碗穴膀卓贤卧膜毅锦欠哩函茫昂薛皱夸豫胃舌剥傲拾窝睁携陵哼棉晴铃填饲渴吻扮逆脆喘罩卜炉柴愉绳胎蓄眠竭喂傻慕浑奸扇柜悦拦诞饱乾泡贼亭夕爹酬儒姻卵氛泄杆挨僧蜜吟猩遂狭肖甜霞驳裕顽於摘矮秒卿畜咽披辅勾盆疆赌塑畏吵囊嗯泊肺骤缠冈羞瞪吊贾漏斑涛悠鹿俘锡卑葬铭滩嫁催璇翅盒蛮矣潘歧赐鲍锅廊拆灌勉盲宰佐啥胀扯禧辽抹筒棋裤唉朴咐孕誓喉妄拘链驰栏逝窃艳臭纤玑棵趁匠盈翁愁瞬婴孝颈倘浙谅蔽畅赠妮莎尉冻跪闯葡後厨鸭颠遮谊圳吁仑辟瘤嫂陀框谭亨钦庸歉芝吼甫衫摊宴嘱衷娇陕矩浦讶耸裸碧摧薪淋耻胶屠鹅饥盼脖虹翠崩账萍逢赚撑翔倡绵猴枯巫昭怔渊凑溪蠢禅阐旺寓藤匪伞碑挪琼脂谎慨菩萄狮掘抄岭晕逮砍掏狄晰罕挽脾舟痴蔡剪脊弓懒叉拐喃僚捐姊骚拓歪粘柄坑陌窄湘兆崖骄刹鞭芒筋聘钩棍嚷腺弦焰耍俯厘愣厦恳饶钉寡憾摔叠惹喻谱愧煌徽溶坠煞巾滥洒堵瓷咒姨棒郡浴媚稣淮哎屁漆淫巢吩撰啸滞玫硕钓蝶膝姚茂躯吏猿寨恕渠戚辰舶颁惶狐讽笨袍嘲啡泼衔倦涵雀旬僵撕肢垄夷逸茅侨舆窑涅蒲谦杭噢弊勋刮郊凄捧浸砖鼎篮蒸饼亩肾陡爪兔殷贞荐哑炭坟眨搏咳拢舅昧擅爽咖搁禄雌哨巩绢螺裹昔轩谬谍龟媳姜瞎冤鸦蓬巷琳栽沾诈斋瞒彪厄咨纺罐桶壤糕颂膨谐垒咕隙辣绑宠嘿兑霉挫稽辐乞纱裙嘻哇绣杖塘衍轴攀膊譬斌祈踢肆坎轿棚泣屡躁邱凰溢椎砸趟帘帆栖窜丸斩堤塌贩厢掀喀乖谜捏阎滨虏匙芦苹卸沼钥株祷剖熙哗劈怯棠胳桩瑰娱娶沫嗓蹲焚淘嫩韵衬匈钧竖峻豹捞菊鄙魄兜哄颖镑屑蚁壶怡渗秃迦旱哟咸焉谴宛稻铸锻伽詹毙恍贬烛骇芯汁桓坊驴朽靖佣汝碌迄冀荆崔雁绅珊榜诵傍彦醇笛禽勿娟瞄幢寇睹贿踩霆呜拱妃蔑谕缚诡篷淹腕煮倩卒勘馨逗甸贱炒灿敞蜡囚栗辜垫妒魁谣寞蜀甩涯枕丐泳奎泌逾叮黛燥掷藉枢憎鲸弘倚侮藩拂鹤蚀浆芙垃烤晒霜剿蕴圾绸屿氢驼妆捆铅逛淑榴丙痒钞蹄犬躬昼藻蛛褐颊奠募耽蹈陋侣魅岚侄虐堕陛莹荫狡阀绞膏垮茎缅喇绒搅凳梭丫姬诏钮棺耿缔懈嫉灶匀嗣鸽澡凿纬沸畴刃遏烁嗅叭熬瞥骸奢拙栋毯桐砂莽泻坪梳杉晤稚蔬蝇捣顷麽尴镖诧尬硫嚼羡沦沪旷彬芽狸冥碳咧惕暑咯萝汹腥窥俺潭崎麟捡拯厥澄萎哉涡滔暇溯鳞酿茵愕瞅暮衙诫斧兮焕棕佑嘶妓喧蓉删樱伺嗡娥梢坝蚕敷澜杏绥冶庇挠搂倏聋沛磅丞淳缆奕吝帜瑜绰坞陨殴汰翘",
        .. "這個們來為國說時對會過發後學麼經還進與點樣現當動無實從機關長開問間體業頭見頭種將於麼裡東聲師書員氣題認條系區邊總電數報結應變論萬處義車親歲術門內號們網問題給風紅語讓記設計論隊導資計農樂親愛醫藥飛鳥魚馬鄉夢試題貓雲園運銀錢場價錯權類視條證買賣賽讀寫聽說話請謝錄議調選費舉觀嗎該顯歡團陽陰萬嚴職級離驗網際雙雜戰夠輕歷準範圍溫轉檢論護響須舊難節體屬傳據標業續識邊達遠適構確據雖員幫還與壓盡剛斷際統聯軍廣熱雖蘇劉陳張楊趙吳孫黃鄭謝羅許鄧馮蔣韓劉葉龍鐘顧閱讀臺灣國語華僑香港澳門兩岸經濟發展問題處理資訊網絡電腦軟體硬體考試答案題庫洩露違規詐騙謠言舉報",
    ];

    [GeneratedRegex("""<meta[^>]*?\bcharset\s*=\s*["']?\s*(?<cs>[A-Za-z0-9_\-:.]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();

    [GeneratedRegex("""<meta[^>]*?http-equiv\s*=\s*["']?content-type["']?[^>]*?content\s*=\s*["'][^"'>]*?charset\s*=\s*(?<cs>[A-Za-z0-9_\-:.]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaHttpEquiv();

    [GeneratedRegex("""^\s*<\?xml[^>]*?encoding\s*=\s*["'](?<cs>[A-Za-z0-9_\-:.]+)["']""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex XmlDeclaration();

    /// <summary>Replaces each invalid byte sequence with U+FFFD and counts them.</summary>
    private sealed class CountingDecoderFallback : DecoderFallback
    {
        public int Count { get; private set; }

        public override int MaxCharCount => 1;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new CountingDecoderFallbackBuffer(this);

        private sealed class CountingDecoderFallbackBuffer(CountingDecoderFallback owner) : DecoderFallbackBuffer
        {
            private int _remaining;

            public override int Remaining => _remaining;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                owner.Count++;
                _remaining = 1;
                return true;
            }

            public override char GetNextChar()
            {
                if (_remaining == 0)
                {
                    return '\0';
                }

                _remaining--;
                return '\uFFFD';
            }

            public override bool MovePrevious()
            {
                if (_remaining != 0)
                {
                    return false;
                }

                _remaining = 1;
                return true;
            }
        }
    }
}
