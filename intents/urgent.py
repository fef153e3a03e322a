"""Urgent situations recognised by meaning, not by exact phrases: a rule set on normalised text, and since round 7
a small trained classifier (intents.urgent_model) for the messages the rules say nothing about.

    urgent_category(text) -> "radiation" | "fire" | "violence" | "collapse" | None  (rules, else the classifier)
    rule_category(text) -> the same, rules only

Each rule is a pair of phrase lists: it fires when a phrase of the first list occurs and (if there is a second list)
one of the second list too, as whole words. Phrases are written with diacritics. A message typed with diacritics is
matched as written (normalised); a message without any is matched on folded text, where phrases whose folded words
collide with everyday words ("đang cháy"/"đang chạy", "nổ lớn"/"nợ lớn", "bật lửa", "khỏi đến") are left out or need
extra context.

What turns a rule off (round 5):
* words of a risk or a worry rather than an event ("sắp sập", "có nguy cơ cháy", "sợ có ngày đổ");
* for fire, violence and a collapse, a time in the past ("bị cháy năm ngoái", "bị đánh tuần trước") or an
  after-the-event request (compensation, aid, a procedure); a radioactive source lost last night is still urgent;
* idioms that share the words ("đánh giá", "đánh rơi", "cháy túi", "sập nguồn", a crashed website);
unless the message says people are in danger now ("cứu", "gấp", "mắc kẹt", "bị thương").

Text without diacritics (round 6): an ambiguous folded event ("chay" cháy / chạy / chảy, "no" nổ / nợ, "sap" sập /
sắp) needs context words elsewhere in the message, written as phrases whose folded form is not an everyday word
("khoi den", not "khoi" khỏi); "chay" followed by where or how one runs or drives is not looked at as an event; the
weakest readings (a call for help next to "chay nha / dang chay") come last, after every other rule.
bench/nlu.py measures recall on hand-written paraphrase sets and false alarms on ordinary petitions and look-alikes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .model import _trie_alternation
from .normalize import fold, folded, normalize
from .urgent_model import urgent_model_category

CATEGORIES = ("radiation", "fire", "violence", "collapse")

# a situation described as a risk or a worry, not as happening: "sắp sập", "có nguy cơ cháy"
_RISK = ["sắp", "sắp tới", "nguy cơ", "sợ cháy", "sợ nổ", "lo cháy", "dễ cháy", "dễ nổ", "sợ hỏa hoạn", "sợ sập",
         "sợ đổ", "lo sập", "lo đổ", "lo là", "sợ là", "phòng chống", "phòng chống cháy", "phòng chống thiên tai",
         "phòng chống bão", "phòng chống lụt", "đề phòng", "phòng ngừa", "nếu", "diễn tập", "tập huấn",
         "có thể bị", "dễ bị", "không an toàn", "tiềm ẩn", "sắp sập", "sợ lũ", "lo lũ", "sợ nước", "sợ mưa", "sợ bão",
         "lo bão", "sợ sạt", "lo sạt", "hay sạt", "hay bị sạt", "hay lở", "hay cháy", "hay bị cháy", "hay nổ",
         "biển báo", "biển cảnh báo"]
# the event is over: a report or a request about it, not an emergency (not for a lost radioactive source)
_PAST = ["năm ngoái", "năm trước", "tháng trước", "tuần trước", "hôm trước", "hôm kia", "trước đây", "lần trước",
         "mấy năm", "từ năm", "năm 2019", "năm 2020", "năm 2021", "năm 2022", "năm 2023", "năm 2024", "năm 2025",
         "đã lâu", "lâu rồi", "hồi đó", "vẫn chưa", "đến nay", "chưa xây lại", "chưa sửa", "chưa được",
         # chronic, not an emergency: a nuisance for days, a place where it keeps happening
         "âm ỉ", "mấy ngày", "nhiều ngày", "hàng ngày", "mỗi ngày", "mỗi tối", "mỗi đêm", "thường xuyên",
         "hay xảy ra", "cả tháng", "mấy tháng", "mấy hôm", "suốt", "từ hôm", "sau bão", "chưa ai", "không ai dọn",
         "đi lại khó khăn", "khó khăn"]
_AFTER = ["bồi thường", "hỗ trợ", "thay mới", "sửa chữa", "nhờ kiểm tra", "kiểm tra lại", "thủ tục", "giấy phép", "cấp phép", "hướng dẫn", "trang bị", "bình chữa cháy",
          "kinh doanh", "đề nghị sửa", "đề nghị kiểm tra", "khắc phục", "xin hỏi", "bảo hiểm",
          # a request to the authorities about a place ("đề nghị xã sửa con dốc sạt lở")
          "đề nghị xã", "đề nghị phường", "đề nghị huyện", "đề nghị tỉnh", "đề nghị chính quyền", "sửa con",
          "sửa đường", "sửa lại", "làm lại", "nâng cấp", "xây mới"]
# a question about a policy or a procedure: not an emergency even when it names people hurt
_POLICY = ["chính sách", "chế độ", "thủ tục"]
# people in danger now: the past / after-the-event words do not turn a rule off then
_DANGER = ["cứu", "cứu với", "cần gấp", "gấp lắm", "khẩn cấp", "mắc kẹt", "bị kẹt", "còn kẹt", "bị thương", "chảy máu", "bất tỉnh",
           "kêu cứu", "la hét", "hoảng loạn", "tán loạn", "ngay bây giờ", "lúc này", "đang lan",
           # calls for help of someone watching it happen
           "mọi người ơi", "bà con ơi", "trời ơi", "ra giúp", "giúp gấp", "giúp giùm", "báo khẩn"]
# shared words in another sense: removed before matching
_IDIOMS = ["đánh giá", "đánh bài", "đánh bạc", "đánh số", "đánh máy", "đánh thuế", "đánh bắt", "đánh cá",
           "đánh thức", "đánh dấu", "đánh đề", "đánh vần", "đánh điện", "đánh răng", "cháy túi", "cháy nắng", "cháy hàng",
           "cháy vé", "cháy bóng", "cháy máy", "cháy phim", "cháy giáo án", "sập nguồn", "sập bẫy", "sập tiệm",
           "sập giá", "giá sập", "chứng khoán", "cướp đất", "cướp công", "cướp lời", "nổ tai", "nổ lực", "bùng nổ",
           "cháy hết mình", "cháy xém", "đổ rác", "đổ xăng", "đổ bê tông", "đổ đất", "đổ trộm", "đổ thải",
           "đổ lỗi", "đổ nát", "sụt giảm", "sụt cân", "lở loét", "lở mồm", "gấp ba", "gấp đôi",
           "gấp mấy", "gấp nhiều", "bất thường", "bắt buộc", "bắt đầu", "bắt chước", "bắt tay", "bắt gặp", "đổ xô",
           "khói đen khét", "xe cứu hỏa không", "xe chữa cháy không", "danh sách", "danh mục", "danh tính",
           "danh hiệu", "danh nghĩa", "danh dự", "xây đè", "đè lên phần", "đè lên lối", "đè lên đất",
           # "mất" also means "takes" (time, money) and "lost" for utilities
           "mất mấy", "mất bao", "mất phí", "mất tiền", "mất thời gian", "mất công", "mất ngủ", "mất điện",
           "mất nước", "mất sóng", "mất mạng internet", "mất kết nối", "chém gió", "chém giá", "chặt chém", "bị lừa", "lừa tiền", "lừa gạt", "lừa lấy",
           "văn phòng xã", "văn phòng xa",
           "bắn pháo hoa", "bắn tin", "bắn tiếng", "bắn cá", "bắn chim", "đâm đơn", "đâm chồi", "đâm ra", "nổ máy",
           "nổ inh ỏi", "xe lửa", "tàu lửa", "sắp rơi nát", "sắp rơi xuống", "sắp rơi rụng", "nhạc nổ tung", "nổ tung cả xóm", "loa nổ", "pháo nổ", "đốt pháo", "như cháy", "nổ ầm ầm", "chơi pháo", "đề nghị", "hội nghị", "kiến nghị", "lừa đảo", "kẹt xe", "sắp xếp"]
# folded only: "chạy" where it cannot be "cháy"
_RUNNING = ("chạy xe", "xe chạy", "ô tô đang chạy", "xe đang chạy", "tàu đang chạy", "máy đang chạy",
            "chạy xăng", "chạy dầu", "tàu chạy", "máy chạy", "chạy máy", "chạy ra", "chạy vào", "chạy theo",
            "chạy trốn", "chạy mất", "chạy bộ", "chạy thận", "chạy chữa", "chạy quảng cáo", "chạy điện",
            "chạy ẩu", "chạy nhanh", "chạy chậm", "chạy tới", "chạy lại", "chạy đi", "chạy về", "chạy xuống",
            "chạy qua đường", "chạy qua lại",
            "chạy lên", "chạy chọt", "chạy việc", "chạy hàng", "chạy grab", "chạy xe ôm", "chạy taxi", "chạy tàu",
            "chạy đồng hồ", "chạy dài", "chạy suốt", "chạy vòng", "chạy đua", "chạy thử", "chạy tiền", "chạy án",
            "chạy chức", "chạy dự án", "chạy deadline", "chạy ngoài", "chạy trên", "chạy ngang", "chạy loạn")
# "crashed" for software and networks: a collapse rule never fires on these
_SOFT = ["website", "trang web", "web", "mạng", "internet", "máy chủ", "hệ thống", "server", "ứng dụng", "app",
         "phần mềm", "cổng dịch vụ", "cổng thông tin", "wifi", "vneid", "đăng nhập", "dịch vụ công", "trực tuyến",
         "online", "tổng đài", "đường dây nóng"]


@dataclass(frozen=True)
class _Rule:
    category: str
    first: tuple[str, ...]
    second: tuple[str, ...] = ()
    accented_only: bool = False  # the folded words are ambiguous: only for text written with diacritics
    folded_only: bool = False  # a stricter variant for text without diacritics
    risk_blocks: bool = True  # "sắp / nguy cơ …" in the text turns it off
    past_blocks: bool = True  # "năm ngoái", an aid request … turns it off (unless people are in danger now)
    risk_extra: tuple[str, ...] = ()  # more words that turn this rule off ("sợ có ngày sập")
    keep_ambiguous: bool = False  # folded, the first list keeps everyday words: the second list gives the context
    not_with: tuple[str, ...] = ()  # words that turn this rule off whatever else is said


# ------------------------------------------------------------------------------------------ radiation
_RADIATION_OBJ = ("phóng xạ", "xạ trị", "quạt ba cánh", "ba cánh quạt", "hình quạt", "nguồn xạ", "nguồn phóng xạ", "chất phóng xạ", "biểu tượng phóng xạ", "bức xạ",
                  "cảnh báo phóng xạ", "ký hiệu phóng xạ", "cánh quạt ba lá", "hình ba lá", "nguồn bức xạ", "ba lá",
                  "thiết bị phóng xạ", "nguồn cs", "cesium", "xêsi", "cs-137", "cs 137", "cobalt", "coban", "co-60",
                  "co 60", "iridium", "ir-192", "ir 192", "nguồn xạ trị", "máy xạ trị", "rò rỉ bức xạ",
                  "đầu dò phóng xạ", "radioactive", "uranium", "urani", "máy đo liều", "liều kế", "máy đo bức xạ",
                  "máy đo phóng xạ", "radiation", "hình cánh quạt", "cánh quạt vàng", "quạt vàng đen",
                  "kim loại phát sáng", "nguồn co-60", "nguồn co 60", "chiếu xạ", "hình ba cánh",
                  "ba cánh màu vàng", "ba cánh vàng")
# the source is out of control: urgent whatever else the message says (even from a company that does inspections)
_RADIATION_LOST = ("đột nhập", "bị đột nhập", "bỏ ngoài trời", "không khóa", "mất", "bị mất", "làm mất", "báo mất", "rơi", "bị rơi", "làm rơi", "đánh rơi", "thất lạc",
                   "đánh cắp", "bị đánh cắp", "mất nguồn", "mất thiết bị", "mất máy", "mất đầu dò", "mất thùng",
                   "mất hộp", "rơi từ", "rơi khỏi", "rơi trên", "rơi ở", "rơi giữa", "rơi ngoài", "rơi vãi", "trộm", "mất trộm", "mất cắp",
                   "lấy cắp", "bị cướp", "cướp", "rò rỉ", "đập vỡ", "vỡ", "lật", "văng", "trôi dạt", "phá khóa",
                   "bẻ khóa", "phá cửa", "bị phá", "để quên", "bỏ quên", "không thấy", "không tìm thấy",
                   "tìm không thấy", "nung chảy", "nấu chảy", "cưa đôi", "cưa ra", "cắt ra", "biến mất", "không còn trong kho", "bỏ rơi", "vứt", "vứt lại")
_RADIATION_EVENT = _RADIATION_LOST + (
    "nhặt", "nhặt được", "lượm", "lượm được", "bãi rác", "thùng rác", "bãi thải", "phát hiện", "tìm thấy", "thấy có",
    "nhìn thấy", "lẫn", "lẫn vào", "bỏ lại", "rò", "đập", "xúm", "nghi là", "nghi có", "nghi ngờ", "cạy", "lấy chơi",
    "nghịch", "chơi", "bãi phế liệu", "phế liệu", "ve chai", "sắt vụn", "kêu liên tục", "kêu to", "kêu", "báo động",
    "báo mức", "cao bất thường", "vượt ngưỡng", "cắt", "rao bán", "đem bán", "định bán", "bán lại", "thanh lý",
    "không ai trông", "nằm ngoài", "hoảng", "nhiễm", "không còn", "mang về", "cầm lên", "tháo",
    "nung", "nhận mua", "mua về", "thu mua", "nhập về", "mua được", "ai biết", "là gì", "nằm giữa", "nằm ven",
    "nằm bên đường", "nằm trên đường", "lăn lóc", "hú", "hú lên", "réo", "kêu inh ỏi", "kêu ầm", "khiêng đi",
    "mang đi", "lấy đi", "chở đi", "khuân đi", "thiếu một", "thiếu mất", "kiểm kê thiếu", "cầm đồ", "bị bỏ",
    "bỏ ở", "bung khóa", "bung nắp", "mất một", "rơi mất", "mở khóa", "mở toang", "đang cầm", "cầm một", "cầm 1",
    # the folded forms of "mất, rơi, vỡ, lật, cắt, thấy" are everyday words too: these say it
    "mất trộm", "mất cắp", "bị vỡ", "vỡ tung", "bị lật", "lật xe", "xe lật", "cắt đôi", "thấy một", "thấy cái",
    "lấy mất", "chơi với", "cầm chơi", "phát sáng", "tai nạn", "lật xuống", "lật nhào", "va chạm", "đổ ra", "chảy ra", "văng ra", "rơi ra", "rơi xuống")
_RADIATION_ROUTINE = ("thủ tục", "giấy phép", "cấp phép", "cấp lại", "gia hạn", "hiệu chuẩn", "kiểm định", "tập huấn",
                      "đào tạo", "khóa học", "lớp học", "đăng ký", "lệ phí", "chứng chỉ", "khai báo", "an toàn bức xạ",
                      "hướng dẫn", "quy định", "tư vấn", "xin hỏi", "hết hạn", "lo về", "lo ngại", "ứng phó",
                      "kế hoạch", "không được thông báo", "che chắn", "hồ sơ", "nộp")

# a source named for itself, out of place or handled: the last radiation rule
_RADIATION_SOURCE = ("phóng xạ", "nguồn xạ", "radioactive", "radiation", "cesium", "cs-137", "cs 137", "co-60",
                     "nguồn co 60", "ir-192", "ir 192", "iridium", "cobalt", "uranium", "urani", "chất phóng xạ",
                     "quạt ba cánh", "hình ba lá", "hình ba cánh")
_RADIATION_OUT_OF_PLACE = (  # as phrases: folded "bai, cho, bo, goc, troi, cong" are "bài, cho, bỏ, gốc, trời, công"
    "bãi rác", "bãi đất", "bãi biển", "bãi sông", "bãi cỏ", "bãi xe", "ngoài bãi", "bãi thải", "ở chợ", "ngoài chợ",
    "góc chợ", "chợ đồ cũ", "bờ biển", "bờ sông", "bờ ruộng", "ruộng", "mương", "ven đường", "ngoài đường",
    "giữa đường", "trên đường", "lề đường", "vướng lưới", "tụi nhỏ", "trẻ con", "con nít", "mấy đứa", "lũ trẻ",
    "bọn trẻ", "đứa nhỏ", "cầm cái", "cầm cục", "lấy ra", "đem ra", "mang ra", "ra ngoài", "rớt", "làm rớt",
    "kéo lên", "trôi vào", "trôi vô", "ai dám", "không ai dám", "chưa trả", "kẹt ngoài", "bị kẹt", "đi khoe",
    "leo lên", "vỉa hè", "ở góc", "hẻm", "đầu ngõ", "ngoài ngõ", "kênh", "trên xe", "ngoài trời")
_RADIATION_NOT_EVENT = _RADIATION_ROUTINE + (
    "hỏi", "cho hỏi", "x quang", "x-quang", "xquang", "liều kế", "nhân viên bức xạ", "đạt chuẩn", "có đạt",
    "kiểm tra giúp", "chính sách", "bệnh nhân", "điều trị", "ung thư", "nha khoa", "phòng chụp", "quy chuẩn",
    "tiêu chuẩn", "thẩm định", "không có giấy", "nhập khẩu", "được không", "có cần", "cần gì", "bao lâu",
    "thế nào", "trang bị", "theo dõi tin", "nhận tin", "đối thoại", "biển báo", "dây chuyền")

# ------------------------------------------------------------------------------------------ fire
_FIRE_STRONG = ("bốc cháy", "cháy lớn", "cháy lan", "hỏa hoạn", "bắt lửa", "phát nổ", "nổ tung", "tiếng nổ",
                "cháy rừng", "lửa đang", "lửa bốc", "lửa lan", "khói bốc", "cháy dữ dội", "vụ nổ", "cháy xưởng",
                "cháy kho", "cháy nhà", "đang cháy", "vừa nổ", "bị cháy", "đám cháy", "nổ lớn", "phát hỏa", "bén lửa",
                "cháy ngùn ngụt", "ngùn ngụt", "biển lửa", "ngọn lửa", "lửa cháy", "lửa cao", "lửa xẹt", "cháy nổ", "nổ liên tiếp",
                "nổ bình", "bình gas nổ", "bình ga nổ", "chập điện cháy", "chập cháy", "cháy sang", "cháy rồi",
                "cháy chợ", "cháy xe", "cháy tàu", "cháy chung cư", "cháy quán", "cháy cây xăng", "cháy trạm",
                "cháy nhà trọ", "cháy khu", "cháy công ty", "cháy nhà máy", "cháy tiệm", "cháy cửa hàng", "cháy ki ốt",
                "cháy rẫy", "cháy lan sang", "gọi 114", "bốc lửa", "bùng cháy", "cháy bùng", "cháy trụi", "cháy rụi",
                "thiêu rụi", "bốc hỏa", "phát cháy", "bùng lửa", "lửa bùng", "cháy quá trời", "cháy dữ", "cháy to",
                "cháy hết", "cháy nguyên", "nổ liên hồi", "nổ liên tục", "cháy phừng phừng",
                "nổ rầm", "nổ đùng", "nổ ầm")
# accented, a bare "cháy" says it (its other senses are idioms removed first, or a past / prevention context)
_FIRE_WORD = ("cháy",)
_FIRE_WORD_IDIOMS = ("phòng cháy", "chữa cháy", "báo cháy", "chống cháy", "cháy nổ")
# folded, these are also "đang chạy", "vừa nó", "nợ lớn", "chạy nhà", "chạy xe", "chạy sang", "bật lửa", "khỏi đến"…
_FIRE_AMBIGUOUS_FOLDED = frozenset({"dang chay", "vua no", "bi chay", "no lon", "chay nha", "chay xe", "chay tau",
                                    "chay sang", "chay roi", "bat lua", "lua dang", "lua cao", "lua chay", "tieng no",
                                    "vu no", "no tung", "khoi den", "chay khu", "chay quan", "chay tram", "chay cho",
                                    "chay kho", "no binh", "chay lan sang", "boc lua", "ngon lua",
                                    "chay cong ty"})
_SMOKE = ("khói bốc", "bốc khói", "khói đen", "khói mù mịt", "mù mịt khói", "khói dày đặc", "khói bao trùm", "khói nghi ngút",
          "nghi ngút", "khói cuồn cuộn", "cột khói")
_SMOKE_FIRE = ("cháy", "lửa", "nổ", "114", "cứu hỏa", "chữa cháy", "kẹt", "thoát", "bỏng", "kêu cứu", "cứu với",
               "chạy ra ngoài", "sơ tán", "di tản", "tháo chạy",
               "mắc kẹt", "ngạt")
_NOT_FIRE = ("đốt rác", "đốt phế liệu", "đốt", "lò gạch", "lò đốt", "xả khói", "thải khói", "khí thải", "ô nhiễm", "hôi", "khét lẹt", "bụi")
# folded, the words of a fire as phrases: a bare "khoi" is also "khỏi", "lua" "lúa, lừa", "ga" a railway station,
# "thoat" "thoát nước", "bong" "bóng"
_SMOKE_WORDS = ("khói đen", "bốc khói", "khói bốc", "khói mù mịt", "mù mịt khói", "khói lửa", "nhiều khói", "khói bay",
                "khói bao trùm", "khói nghi ngút", "khói dày", "khói đặc", "đầy khói", "khói cuồn cuộn", "cột khói",
                "ngạt khói", "khói lan", "toàn khói", "khói mịt mù", "khói trắng", "khói xám", "khói tràn", "khói kịt", "khói nghịt", "khói um")
_FLAME_WORDS = ("ngọn lửa", "lửa bùng", "bùng lửa", "lửa bốc", "lửa lan", "lửa cháy", "lửa to", "lửa lớn", "lửa cao",
                "lửa đỏ", "lửa ngùn ngụt", "lửa trùm", "lửa đang", "dập lửa", "bắt lửa", "bén lửa", "biển lửa",
                "tàn lửa", "lửa bén", "lửa tràn", "lửa táp", "lửa đã", "lửa phụt", "lửa bao trùm", "lửa khói",
                "lửa xém", "lửa sang", "lửa qua", "lửa vào")
_FIRE_WORDS = _SMOKE_WORDS + _FLAME_WORDS + ("lửa",
    "cứu hỏa", "lính cứu hỏa", "xe cứu hỏa", "114", "chữa cháy", "bị bỏng", "bỏng nặng", "mắc kẹt", "đang kẹt",
    "còn kẹt", "bị kẹt", "kẹt trên", "kẹt bên trong", "kẹt lại", "kẹt trong", "kêu cứu", "thoát ra", "thoát nạn",
    "thoát thân", "tháo chạy", "chạy thoát", "chạy ra kịp", "còn trên lầu", "còn trên gác", "còn trong nhà",
    "tan hoang", "khét", "cháy lan", "chập điện", "kính vỡ", "vỡ kính", "rung chuyển", "thuốc nổ", "bình gas",
    "bình ga", "rò gas", "xì gas", "cây xăng", "kho xăng", "trạm xăng", "hóa chất", "sét đánh")
_FIRE_CONTEXT = _FIRE_WORDS
# folded, a bare "chay" is mostly "chạy" (and "chảy"): only with words of a fire
_FIRE_FOLDED_WORD_CONTEXT = _FIRE_WORDS
# folded, "cháy nhà / đang cháy / cháy rồi" are also "chạy": a call for help next to them says it is a fire (the rule
# comes after the violence and collapse rules, so "bọn cướp đang chạy, cứu với" is violence)
_HELP_CALL = ("cứu với", "cứu giúp", "cứu giùm", "cứu người", "cứu em", "cứu tôi", "cứu mẹ", "cứu con", "cứu bố",
              "bà con ơi", "mọi người ơi", "trời ơi", "ra giúp", "giúp gấp", "cần gấp", "gấp lắm", "bế ra", "đưa ra ngoài",
              "nhanh lên", "khẩn cấp", "báo khẩn", "gọi cứu hỏa", "cứu hỏa chưa", "cứu hỏa đến", "cứu hỏa tới",
              "báo cứu hỏa", "còn người", "người già", "còn ở trong", "ở bên trong",
              "còn bên trong", "trong nhà còn", "mắc kẹt", "bị kẹt", "còn kẹt", "kẹt trong", "kẹt trên", "kẹt lại")

# ------------------------------------------------------------------------------------------ violence
_VIOLENCE_STRONG = ("đâm chém", "chém nhau", "hỗn chiến", "bắt cóc", "dọa giết", "đe dọa giết", "đòi giết", "cầm dao",
                    "cầm súng", "cầm mã tấu", "đánh hội đồng", "đuổi đánh", "bị đâm", "bị chém", "nổ súng",
                    "dao rựa", "bắn nhau", "đâm nhau", "cầm hung khí", "mã tấu", "chém người", "đâm người",
                    "bắn người", "mang hung khí", "dùng dao", "đuổi chém", "chặn đánh", "chém loạn", "đâm loạn",
                    "cầm búa", "cầm rựa", "cầm gậy", "cầm kiếm", "cầm gạch", "cầm côn", "cầm tuýp", "ẩu đả",
                    "thanh toán nhau", "tiếng súng", "bị bắn", "súng nổ", "khống chế", "con tin", "hành hung",
                    "đánh đập", "đâm chết", "chém chết", "đánh chết", "giết người", "bọn cướp", "tên cướp",
                    "cướp tiệm", "cướp ngân hàng", "đang cướp", "bị bắt đi", "bắt đi mất", "đánh dã man",
                    "đang đánh", "gây thương tích", "bị chém vào", "rượt đánh", "rượt chém", "dọa chém", "dọa đâm",
                    "dọa bắn", "đuổi đâm", "bắt cóc", "bắt trẻ", "bắt đứa", "bắt bé", "bắt một đứa", "bắt một bé",
                    "bắt một em", "bắt một cháu", "vây đánh", "uy hiếp", "cướp tài sản", "cướp của", "trấn lột",
                    "chém tới tấp", "đâm liên tiếp", "đánh tới tấp", "đánh túi bụi", "bắn chết", "bắn bị thương",
                    "đánh gục", "đánh ngất", "đánh trọng thương", "gậy sắt", "dùng gậy", "dùng hung khí", "bắt giữ",
                    "rút dao", "vác dao", "vung dao", "kề dao", "chĩa súng", "dí súng", "bóp cổ", "siết cổ", "bóp cổ",
                    "đuổi theo đánh", "đuổi theo chém", "đuổi theo đâm", "ná bắn", "bắn ná", "dọa đốt",
                    "đòi đốt", "tạt xăng", "tưới xăng", "dọa tạt", "tạt axit", "ném bom", "bom tự chế", "chặn đường đánh", "súng tự chế",
                    "dùng súng", "đấu súng", "kéo tóc", "túm tóc", "giật tóc", "cây dao", "con dao", "dao phay",
                    "khống chế bà", "khống chế ông", "khống chế chủ", "khống chế nhân viên",
                    "khống chế người", "khống chế mẹ", "khống chế cô", "khống chế chị", "khống chế con tin")
_INJURY = ("máu", "chảy máu", "bị thương", "bất tỉnh", "bất động", "nhập viện", "cấp cứu", "gãy tay", "gãy chân", "vỡ đầu",
           "chết", "tử vong", "nguy kịch", "ngất", "dập", "bầm")
# taking a child away: a verb of taking + a child, and "onto a vehicle / away"
_TAKE_CHILD = ("kéo một bé", "kéo bé", "kéo một đứa", "kéo đứa", "lôi một bé", "lôi bé", "bế một bé", "bế bé",
               "ôm một bé", "ôm bé", "bắt một bé", "bắt bé", "bắt một đứa", "bắt đứa", "dụ một bé", "dụ bé",
               "kéo một em", "kéo em", "bắt một em", "lôi một em", "cố kéo", "cố lôi", "lùa bắt", "bắt mấy đứa",
               "bắt mấy em", "bắt trẻ", "bắt cháu", "bắt một cô gái", "bắt cô gái", "bắt một chị", "bắt một phụ nữ",
               "kéo một cô gái", "lôi một cô gái", "bắt một người", "lôi một người", "cưỡng ép")
_TAKE_AWAY = ("lên xe", "chở đi", "bỏ chạy", "mang đi", "chạy mất", "đưa đi", "ôm chạy", "vào bụi", "vào rừng",
              "vào hẻm", "lên ô tô", "đi mất", "khóc la", "khóc thét", "la khóc", "giãy giụa", "kêu la")
_VIOLENCE_ACT = ("đánh nhau", "đánh người", "đập phá", "đánh vợ", "đánh con", "đánh ông", "đánh bà", "đánh mẹ",
                 "đánh bố", "đánh chồng", "đe dọa", "gây gổ", "bị đánh", "xô xát", "côn đồ", "giang hồ", "dã man",
                 "xông vào", "bạo hành", "cướp giật", "bị cướp", "đánh cụ", "đánh cháu", "đánh em", "đánh anh",
                 "đánh chị", "đánh tài xế", "đánh chủ")
_NOW = ("đang", "vừa", "ngay bây giờ", "bây giờ", "lúc này", "máu", "bị thương", "cứu với", "kêu cứu", "cần gấp",
        "bất tỉnh", "la hét", "hoảng", "chạy mất", "cứu", "tử vong", "nguy kịch", "ngất", "gãy tay", "gãy chân")
_WEAPON = ("dao", "dao phay", "rựa", "mã tấu", "kiếm", "súng", "gậy", "búa", "tuýp", "mác", "cuốc", "xà beng")
_CHASE = ("rượt", "đuổi", "vung", "xông vào", "lao vào", "dí", "rượt theo", "đuổi theo")
_VIOLENCE_NOT = ("tố cáo cán bộ", "đánh giá", "khiếu nại", "đánh rơi")

# ------------------------------------------------------------------------------------------ collapse
_COLLAPSE_EVENT = ("sập", "đổ sập", "sụp", "sụp đổ", "sập đổ", "vùi lấp", "ngã đè", "cuốn sập", "gãy đổ",
                   "sụp mái", "đổ đè", "bị vùi", "đổ trúng", "đổ ập", "ập xuống", "đè lên", "đè trúng", "bị đè",
                   "đè chết", "cuốn trôi", "lũ cuốn", "sạt lở", "lở đất", "lở núi", "sụt xuống", "hố tử thần",
                   "lở xuống", "sạt xuống", "trôi mất", "cuốn mất", "lấp mất", "vùi mất", "đổ ngang", "gãy đổ",
                   "đổ gục", "đổ nghiêng", "sập sàn", "sụp hầm", "gãy đôi", "gãy làm đôi", "gãy ngang", "đổ ụp",
                   "đứt cáp", "đứt dây cáp", "rơi xuống sông", "rơi xuống suối", "rơi xuống nước", "rơi xuống hố",
                   "rơi xuống vực", "rơi xuống kênh", "bị sụp", "đã sụp", "vừa sụp", "đổ xuống sông",
                   "đổ xuống suối", "đổ xuống đường", "đổ xuống kênh", "đổ xuống vực", "đổ xuống lòng",
                   "rơi trúng", "rơi xuống trúng", "rớt trúng", "rớt xuống trúng", "đổ xuống trúng", "đổ trúng",
                   "rớt xuống sông", "rớt xuống suối", "rớt xuống nước", "rớt xuống kênh", "rớt xuống hố",
                   "rớt xuống vực", "cuốn theo", "đất đá lấp", "vừa gãy",
                   "đổ xuống nhà", "đổ xuống người", "lở một mảng", "sạt một mảng", "đổ đè lên", "đổ lên",
                   "quật đổ", "quật ngã", "sụt lở", "kéo theo", "đè một người", "đè mấy người", "sụt một hố",
                   "bị rơi xuống", "rơi xuống đầu", "rơi trúng đầu", "rớt xuống đầu")
# folded, a bare "sap" is also "sắp" (about to), "sup" is rare but short: only the forms that say it happened
_COLLAPSE_EVENT_FOLDED = tuple(e for e in _COLLAPSE_EVENT if e not in ("sập", "sụp", "sập đổ", "đổ đè")) + (
    "vừa sập", "bị sập", "đã sập", "sập rồi", "sập xuống", "gãy sập", "quật sập", "sập mái", "sập hoàn toàn",
    "bị đổ", "đổ rồi", "đổ sụp", "bị vùi lấp", "vùi mất", "lấp mất", "bị cuốn",
    "bị trôi", "sập khi", "sập lúc", "sập trong", "sụp xuống", "sụp đổ", "sụp mái")
# folded, "sập" + what fell ("sắp" + a noun is rare): sập nhà, sập cầu, sập giàn giáo… (the object is in the phrase)
_COLLAPSE_WHAT_FELL = tuple(f"sập {o}" for o in (
    "nhà", "cầu", "tường", "mái", "giàn giáo", "giàn", "hầm", "lán", "trần", "cổng", "chợ", "kho", "xưởng",
    "công trình", "ban công", "sàn", "tầng", "mỏ", "đê", "kè", "cột"))
# accented only: folded "vui" is "vui" (fun): "đố vui một câu"
_BURIED = ("vùi một", "vùi cả", "vùi hai", "vùi ba", "vùi mấy", "vùi nhiều")
_NOT_COLLAPSE = tuple(_SOFT) + ("rác", "phế thải", "chất thải", "xà bần", "nước thải", "đất thải", "vật liệu",
                                "khai thác cát", "hút cát", "cát tặc", "xây xong", "khánh thành", "khởi công",
                                "hoàn thành")
_COLLAPSE_OBJ = ("cầu", "nhà", "tường", "mái", "giàn giáo", "công trình", "cột điện", "đồi", "đất", "trần", "cây",
                 "người", "công nhân", "cháu", "học sinh", "xe", "nhịp", "tòa nhà", "dây điện", "hầm", "hầm lò",
                 "mỏ", "thợ", "lán", "chợ", "cần cẩu", "cẩu", "cột", "biển quảng cáo", "ban công", "bể nước", "kè",
                 "bờ kè", "đê", "núi", "đất đá", "cổng", "xưởng", "kho", "trường", "chung cư", "nhà xưởng", "mái tôn",
                 "tháp", "trụ", "giàn", "hầm chui", "nhà văn hóa", "em", "xe máy", "ô tô", "tường rào", "nhà dân",
                 "căn nhà", "gia đình", "tầng", "sàn", "tầng lửng", "quán", "khách", "nhà hàng", "cửa hàng",
                 "lối vào", "đường", "taluy", "mỏ đá", "bãi", "sông", "suối", "kênh")
_TRAPPED = ("đè lên", "đè trúng", "bị kẹt", "mắc kẹt", "kẹt bên trong", "bị đè", "bị vùi", "mất tích", "còn người",
            "còn thợ", "chưa ra được", "kẹt lại", "kẹt dưới", "vùi dưới", "bị đè trong", "bị đè dưới", "bị đè lên",
            "đất đá lấp", "bị vùi lấp", "còn ở dưới", "dưới hầm", "trong hầm", "chưa lên được") + tuple(
    f"còn {n} {w}" for n in ("1", "2", "3", "4", "5", "6", "một", "hai", "ba", "bốn", "năm", "mấy", "nhiều")
    for w in ("người", "thợ", "công nhân", "cháu", "em"))
_COLLAPSE_STRONG = ("đổ sập", "sụp đổ", "đổ sụp", "vùi lấp", "bị vùi", "đổ ập", "sập xuống", "sập hoàn toàn", "gãy sập",
                    "cuốn sập", "hố tử thần", "sập đè", "đổ đè", "sập mái", "sụp mái", "sập sàn", "lấp kín", "đất lở",
                    "lở xuống", "sạt xuống", "đổ ụp", "chôn vùi", "làm sập", "bị sụt", "sụt xuống", "đè bẹp",
                    "bị đè bẹp", "sụt lún đột ngột", "sụp đột ngột", "trôi xuống", "lấp một phần",
                    "rơi xuống tầng dưới", "rơi từ trên")
_AMBIGUOUS_FOLDED = frozenset({"so", "lo", "co ngay", "muc"})
_WORRY = ("sợ", "lo", "e rằng", "có ngày", "coi chừng", "mục", "xuống cấp", "nứt", "lún", "nghiêng")
# folded, "do de" is also "đó để, đồ để": only with the people it fell on right after it
_FELL_ON_PEOPLE = tuple(f"đổ đè {q}{w}" for q in ("", "2 ", "3 ", "một ", "hai ", "ba ", "mấy ", "nhiều ", "lên ")
                        for w in ("người", "công nhân", "thợ", "học sinh", "cháu", "em", "xe", "nhà", "mái nhà", "ô tô",
                                  "xe máy", "mái"))
_WORRY_ONLY = ("sợ", "lo", "e rằng", "có ngày", "coi chừng")
_PEOPLE = ("người", "cháu", "công nhân", "học sinh", "em bé", "trẻ", "con tôi", "mấy đứa", "bên trong", "thợ",
           "gia đình", "xe máy", "ô tô", "người đi đường", "hầm", "trong đó", "bên dưới", "nhà dân", "mái nhà")

RULES: tuple[_Rule, ...] = (
    _Rule("radiation", _RADIATION_OBJ, _RADIATION_LOST, risk_blocks=False, past_blocks=False,
          not_with=("thủ tục", "quy trình", "xin hỏi", "hỏi", "kế hoạch", "ứng phó", "phải làm gì", "khi nào", "nếu",
                    "xử phạt", "bị phạt", "chứng chỉ", "hiệu chuẩn", "cấp lại", "giấy phép", "làm sao", "đăng ký",
                    "đào tạo", "khóa học")),
    _Rule("radiation", _RADIATION_OBJ, _RADIATION_EVENT, risk_blocks=False, past_blocks=False,
          not_with=_RADIATION_ROUTINE),
    _Rule("radiation", _RADIATION_SOURCE, _RADIATION_OUT_OF_PLACE, risk_blocks=False, past_blocks=False,
          not_with=_RADIATION_NOT_EVENT),
    _Rule("fire", _FIRE_STRONG, (), accented_only=True),
    _Rule("fire", tuple(x for x in _FIRE_STRONG if fold(x) not in _FIRE_AMBIGUOUS_FOLDED), (), folded_only=True),
    _Rule("fire", tuple(_FIRE_AMBIGUOUS_FOLDED), _FIRE_CONTEXT, folded_only=True, not_with=_NOT_FIRE),
    _Rule("fire", _SMOKE, _SMOKE_FIRE, not_with=_NOT_FIRE),
    _Rule("fire", _FIRE_WORD, (), accented_only=True, not_with=_NOT_FIRE + _FIRE_WORD_IDIOMS,
          risk_extra=("sợ", "lo", "lo ngại", "hay bị", "dễ", "dễ cháy")),
    _Rule("fire", ("nổ",), ("bỏng", "bị thương", "lửa", "khói", "cháy", "kính vỡ", "vỡ kính", "rung", "chết", "sập",
                            "văng", "tung tóe", "tốc"), accented_only=True),
    _Rule("fire", ("nổ",), ("bị bỏng", "bỏng nặng", "kính vỡ", "vỡ kính", "bốc cháy", "bốc khói", "ngọn lửa",
                            "rung chuyển", "tung tóe", "bị thương"), folded_only=True, keep_ambiguous=True),
    _Rule("fire", ("cháy",), _FIRE_FOLDED_WORD_CONTEXT, folded_only=True, not_with=_NOT_FIRE + ("chạy khỏi",)),
    _Rule("violence", _VIOLENCE_STRONG, not_with=_VIOLENCE_NOT),
    _Rule("violence", _VIOLENCE_ACT, _NOW, not_with=_VIOLENCE_NOT),
    _Rule("violence", _TAKE_CHILD, _TAKE_AWAY),
    _Rule("violence", _CHASE, _WEAPON, accented_only=True, not_with=_VIOLENCE_NOT),
    _Rule("violence", ("đánh", "chém", "đâm", "bắn", "đấm", "cướp", "đập đầu", "đập vào đầu"), _INJURY, accented_only=True, not_with=_VIOLENCE_NOT),
    _Rule("violence", ("bi ban", "ban nhau", "ban nguoi", "bi chem", "bi dam", "bi danh", "bi cuop", "dam", "chem",
                       "danh nguoi", "danh nhau", "danh toi", "danh chet", "dam chet", "dap dau", "dap vao dau"),
          ("bị thương", "cầm súng", "nổ súng", "tiếng súng", "khẩu súng", "chảy máu", "máu chảy", "máu me", "đầy máu",
           "bất tỉnh", "cấp cứu", "ngất xỉu", "nhập viện"), folded_only=True, keep_ambiguous=True,
          not_with=_VIOLENCE_NOT),
    _Rule("violence", ("chém",), (), accented_only=True, not_with=_VIOLENCE_NOT),
    _Rule("violence", ("đánh",), ("ngất xỉu", "bất tỉnh", "bất động", "máu mũi", "máu đầu", "chảy máu", "máu me", "đầy máu", "nằm gục", "gục xuống",
                                  "vỡ đầu", "gãy tay", "gãy chân", "bầm dập", "thâm tím", "sưng vù", "be bét"),
          folded_only=True, keep_ambiguous=True, not_with=_VIOLENCE_NOT + ("danh sách", "danh nghĩa")),
    # accented only: folded "dam/chem/ban" are also "đám/chèm/bán, bạn"
    _Rule("violence", ("chém", "đâm", "bắn", "đánh đập", "đấm đá"), _NOW, accented_only=True,
          not_with=_VIOLENCE_NOT + ("đâm vào", "xe đâm", "đâm đơn", "đâm sầm", "đâm ra", "bắn tin", "bắn tiếng")),
    _Rule("collapse", _COLLAPSE_EVENT + _BURIED, _COLLAPSE_OBJ, risk_extra=_WORRY, accented_only=True,
          not_with=_NOT_COLLAPSE),
    _Rule("collapse", _COLLAPSE_EVENT_FOLDED, _COLLAPSE_OBJ, risk_extra=_WORRY, folded_only=True,
          not_with=_NOT_COLLAPSE),
    _Rule("collapse", _COLLAPSE_WHAT_FELL, (), risk_extra=_WORRY, folded_only=True, not_with=_NOT_COLLAPSE),
    _Rule("collapse", _TRAPPED, _PEOPLE, risk_extra=_WORRY),
    _Rule("collapse", ("kẹt",), _PEOPLE, risk_extra=_WORRY, accented_only=True),  # folded "ket" is "kết"
    _Rule("collapse", _COLLAPSE_STRONG, (), risk_extra=_WORRY_ONLY, not_with=_NOT_COLLAPSE),
    _Rule("collapse", _FELL_ON_PEOPLE, (), risk_extra=_WORRY_ONLY, folded_only=True, keep_ambiguous=True),
    # folded, the weak readings last: "chay nha / dang chay / chay roi" with a call for help next to them
    _Rule("violence", ("kêu cứu",), (), not_with=_VIOLENCE_NOT),
    _Rule("fire", tuple(_FIRE_AMBIGUOUS_FOLDED) + ("cháy", "cháy rụi", "cháy rồi"), _HELP_CALL, folded_only=True,
          keep_ambiguous=True, not_with=_NOT_FIRE + ("chạy khỏi", "chạy theo", "chạy trốn", "bỏ chạy", "chạy mất",
                                                     "chảy máu", "chạy xe", "chạy vào", "chạy ra")),
)


# folded forms that are everyday words too ("khống chế"/"không che", "bị bắn"/"bị bán", "bị đổ"/"thiết bị đo",
# "bán"/"bạn"): dropped from every rule on text typed without diacritics
_FOLDED_AMBIGUOUS = frozenset({"khong che", "bi ban", "ban nguoi", "ban nhau", "bi do", "ban", "cuu hoa", "thay", "la",
                               "lan", "choi", "mat", "roi", "bi roi", "cat", "vo", "lat", "do de", "may thang", "de bi",
                               "song", "dung gay", "do trung", "con nguoi", "bi de", "xuong", "mang"})


def _alternation(phrases: tuple[str, ...] | list[str], accented: bool, keep: bool = False) -> re.Pattern[str] | None:
    forms = {normalize(p) if accented else folded(p) for p in phrases}
    forms.discard("")
    if not accented and not keep:
        forms -= _FOLDED_AMBIGUOUS
    if not forms:
        return None
    # factored as a character trie: the same phrases, one branch followed per character (model._trie_alternation)
    return re.compile(rf"(?<!\w)(?:{_trie_alternation(sorted(forms))})(?!\w)")


_Compiled = tuple[str, re.Pattern[str], re.Pattern[str] | None, bool, bool, re.Pattern[str] | None,
                  re.Pattern[str] | None]


@lru_cache(maxsize=2)
def _compiled(accented: bool) -> list[_Compiled]:
    out = []
    for r in RULES:
        if (accented and r.folded_only) or (not accented and r.accented_only):
            continue
        first = _alternation(r.first, accented, r.keep_ambiguous)
        if first is None:
            continue
        # folded, "sợ"/"lo"/"có ngày" are also "số"/"lò, lở"/"có ngay": only the unambiguous worry words there
        worry = r.risk_extra if accented else tuple(w for w in r.risk_extra if fold(w) not in _AMBIGUOUS_FOLDED)
        extra = _alternation(worry, accented) if worry else None
        not_with = _alternation(r.not_with, accented) if r.not_with else None
        out.append((r.category, first, _alternation(r.second, accented) if r.second else None, r.risk_blocks,
                    r.past_blocks, extra, not_with))
    return out


@lru_cache(maxsize=2)
def _any_first(accented: bool) -> re.Pattern[str]:
    """One pattern for every rule's first list: most messages match none, and then nothing else is tried."""
    rules = [r for r in RULES if not ((accented and r.folded_only) or (not accented and r.accented_only))]
    rx = _alternation(tuple(p for r in rules for p in r.first), accented, keep=any(r.keep_ambiguous for r in rules))
    assert rx is not None
    return rx


@lru_cache(maxsize=2)
def _risk(accented: bool) -> re.Pattern[str]:
    # folded, "sắp" (about to) is "sập" (collapsed): left out there
    # and "phòng chống" is also "phòng, chồng" ("trốn trong phòng, chồng cũ đang cầm dao")
    rx = _alternation(tuple(_RISK) if accented else tuple(w for w in _RISK if fold(w) not in ("sap", "phong chong")),
                      accented)
    assert rx is not None
    return rx


@lru_cache(maxsize=2)
def _past(accented: bool) -> re.Pattern[str]:
    rx = _alternation(_PAST + _AFTER, accented)
    assert rx is not None
    return rx


@lru_cache(maxsize=2)
def _policy(accented: bool) -> re.Pattern[str]:
    rx = _alternation(_POLICY, accented)
    assert rx is not None
    return rx


@lru_cache(maxsize=2)
def _danger(accented: bool) -> re.Pattern[str]:
    rx = _alternation(_DANGER, accented)
    assert rx is not None
    return rx


@lru_cache(maxsize=2)
def _idioms(accented: bool) -> re.Pattern[str]:
    # folded, "mat" is never an event word (it is also "mặt, mát"): "mất công / mất tiền…" need not be taken out, and
    # taking them out would cut "lay mat cong nhan…" (lấy mất, công nhân)
    rx = _alternation(_IDIOMS if accented else [i for i in _IDIOMS if not i.startswith("mất ")], accented)
    assert rx is not None
    return rx


@lru_cache(maxsize=1)
def _running() -> re.Pattern[str]:
    """Folded, "chay" followed by where or how one runs or drives is "chạy" ("chay xe", "xe chay", "chay ra"): that
    word is left out when the rules look for the event (not for its context), so that another "chay" in the message
    can still be a fire; not after "bốc, bị, bắt, phát, bén, làm" ("boc chay tren cao toc" is a fire)."""
    rx = _alternation(_RUNNING, False)
    assert rx is not None
    return re.compile(r"(?<!\bboc )(?<!\bbi )(?<!\bbat )(?<!\bphat )(?<!\bben )(?<!\blam )" + rx.pattern
                      + r"(?! kip)")


def compile_all() -> None:
    """Build every pattern now (about 0.2 s), for both kinds of text: a process that serves citizens calls it at
    start-up, so that the first message of each kind does not pay for it."""
    for accented in (True, False):
        _compiled(accented)
        _any_first(accented)
        _risk(accented)
        _past(accented)
        _danger(accented)
        _policy(accented)
        _idioms(accented)
    _running()


_WORDS_RE = re.compile(r"[^\W\d_]+")
_ACCENTED_WORD_RE = re.compile(r"[^\W\d_]*[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]")
_PUNCT_RE = re.compile(r"[^\w\s-]")


def _mostly_accented(text: str) -> bool:
    """Typed with diacritics (at least a third of the words carry one): then the accented rules apply."""
    low = unicodedata.normalize("NFC", text).lower()
    n = len(_WORDS_RE.findall(low))
    return n > 0 and len(_ACCENTED_WORD_RE.findall(low)) * 3 >= n


def urgent_category(text: str) -> str | None:
    """The urgent situation the message describes, or None: the rules' reading when they fire, otherwise the trained
    classifier's when it is confident enough (intents.urgent_model, round 7)."""
    return rule_category(text) or urgent_model_category(text)


def rule_category(text: str) -> str | None:
    """The urgent situation the rules recognise in the message, or None."""
    if not text or not text.strip():
        return None
    accented = _mostly_accented(text)
    t = _PUNCT_RE.sub(" ", normalize(text)) if accented else folded(text)
    t = " ".join(t.split())
    if _any_first(accented).search(t) is None:
        return None
    risky = _risk(accented).search(t) is not None
    over = (_past(accented).search(t) is not None and _danger(accented).search(t) is None) or (
        _policy(accented).search(t) is not None)
    t = _idioms(accented).sub(" ", t)
    # blanks of the same length: the event's place in ``events`` is its place in ``t``
    events = t if accented else _running().sub(lambda m: " " * len(m.group()), t)
    for category, first, second, risk_blocks, past_blocks, extra, not_with in _compiled(accented):
        if (risk_blocks and risky) or (past_blocks and over) or (extra is not None and extra.search(t)):
            continue
        if not_with is not None and not_with.search(t):
            continue
        if second is None:
            if first.search(events):
                return category
            continue
        # the context is not a part of the event ("khoi den" is not its own context)
        for m in first.finditer(events):
            if any(c.start() < m.start() or c.end() > m.end() for c in second.finditer(t)):
                return category
    return None
