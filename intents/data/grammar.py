"""Compositional phrasings for non-petition intents: patterns x slot fillers.

build.py splits patterns AND the main slot fillers between train and dev, so a dev sentence never
reuses a train pattern with a train filler.
"""

# procedures / things citizens ask about: (topic, phrase)
PROCEDURES: list[tuple[str, str]] = [
    ("so_huu_tri_tue", "đăng ký nhãn hiệu"), ("so_huu_tri_tue", "đăng ký bảo hộ sáng chế"),
    ("so_huu_tri_tue", "đăng ký kiểu dáng công nghiệp"), ("so_huu_tri_tue", "đăng ký chỉ dẫn địa lý"),
    ("so_huu_tri_tue", "đăng ký quyền tác giả"), ("so_huu_tri_tue", "gia hạn văn bằng bảo hộ"),
    ("do_luong_chat_luong", "cấp mã số mã vạch"), ("do_luong_chat_luong", "công bố hợp quy"),
    ("do_luong_chat_luong", "công bố hợp chuẩn"), ("do_luong_chat_luong", "kiểm định cân"),
    ("do_luong_chat_luong", "kiểm định đồng hồ nước"), ("do_luong_chat_luong", "ghi nhãn hàng hóa"),
    ("do_luong_chat_luong", "kiểm tra chất lượng hàng nhập khẩu"), ("do_luong_chat_luong", "chứng nhận ISO"),
    ("buc_xa_hat_nhan", "cấp giấy phép X-quang"), ("buc_xa_hat_nhan", "cấp chứng chỉ nhân viên bức xạ"),
    ("buc_xa_hat_nhan", "khai báo thiết bị bức xạ"), ("buc_xa_hat_nhan", "gia hạn giấy phép tiến hành công việc bức xạ"),
    ("khoa_hoc_cong_nghe", "chứng nhận doanh nghiệp khoa học và công nghệ"),
    ("khoa_hoc_cong_nghe", "đề xuất đặt hàng nhiệm vụ khoa học"), ("khoa_hoc_cong_nghe", "quyết toán kinh phí đề tài"),
    ("khoa_hoc_cong_nghe", "đăng ký kết quả nhiệm vụ khoa học"), ("khoa_hoc_cong_nghe", "xin hỗ trợ khởi nghiệp đổi mới sáng tạo"),
    ("khoa_hoc_cong_nghe", "thành lập tổ chức khoa học công nghệ"),
    ("chuyen_giao_cong_nghe", "đăng ký chuyển giao công nghệ"), ("chuyen_giao_cong_nghe", "thẩm định công nghệ dự án"),
    ("chuyen_giao_cong_nghe", "xin hỗ trợ đổi mới công nghệ"),
    ("dich_vu_cong_truc_tuyen", "nộp hồ sơ trực tuyến"), ("dich_vu_cong_truc_tuyen", "tạo tài khoản dịch vụ công"),
    ("dich_vu_cong_truc_tuyen", "thanh toán lệ phí online"), ("dich_vu_cong_truc_tuyen", "ký số hồ sơ điện tử"),
    ("vien_thong_cntt", "cấp giấy phép bưu chính"), ("vien_thong_cntt", "cấp phép tần số vô tuyến"),
    ("vien_thong_cntt", "xin giấy phép sử dụng bộ đàm"), ("vien_thong_cntt", "cấp phép lắp trạm BTS"),
    ("khac", "gửi đơn khiếu nại"), ("khac", "gửi đơn tố cáo"), ("khac", "ủy quyền nộp hồ sơ"),
    ("khac", "đăng ký kết hôn"), ("do_luong_chat_luong", "kiểm định cột đo xăng dầu"),
    ("do_luong_chat_luong", "đăng ký kiểm tra nhà nước về chất lượng"), ("do_luong_chat_luong", "xin cấp lại mã vạch bị mất"),
    ("so_huu_tri_tue", "tra cứu nhãn hiệu"), ("so_huu_tri_tue", "chuyển nhượng nhãn hiệu"),
    ("so_huu_tri_tue", "xử lý xâm phạm nhãn hiệu"), ("buc_xa_hat_nhan", "lập kế hoạch ứng phó sự cố bức xạ"),
    ("buc_xa_hat_nhan", "đăng ký đào tạo an toàn bức xạ"), ("khoa_hoc_cong_nghe", "xin tài trợ từ quỹ phát triển khoa học"),
    ("khoa_hoc_cong_nghe", "đăng ký hoạt động tổ chức khoa học"), ("khoa_hoc_cong_nghe", "xét công nhận sáng kiến"),
    ("chuyen_giao_cong_nghe", "nhập khẩu dây chuyền công nghệ"), ("chuyen_giao_cong_nghe", "gia hạn hợp đồng chuyển giao công nghệ"),
    ("dich_vu_cong_truc_tuyen", "lấy lại mật khẩu tài khoản dịch vụ công"), ("dich_vu_cong_truc_tuyen", "nộp hồ sơ qua VNeID"),
    ("dich_vu_cong_truc_tuyen", "tra cứu hồ sơ trên cổng dịch vụ công"), ("vien_thong_cntt", "đăng ký tên miền .vn"),
    ("vien_thong_cntt", "cấp phép đài truyền thanh"), ("vien_thong_cntt", "xin hỗ trợ chuyển đổi số cho doanh nghiệp"),
    ("khac", "xin trích lục giấy tờ"), ("khac", "xin cấp bản sao kết quả giải quyết"), ("khac", "xin xác nhận cư trú"), ("khac", "làm giấy phép kinh doanh"),
]

FAQ_PATTERNS: list[str] = [
    "thủ tục {x} cần những giấy tờ gì", "{x} thì làm thế nào", "hồ sơ {x} gồm những gì", "muốn {x} thì nộp ở đâu",
    "phí {x} là bao nhiêu", "{x} mất bao lâu", "lệ phí {x} hết bao nhiêu tiền", "{x} có làm online được không",
    "cho hỏi cách {x}", "{x} cần chuẩn bị gì", "mẫu đơn {x} lấy ở đâu", "hướng dẫn giúp tôi {x}",
    "{x} ở cơ quan nào", "{x} có mất phí không", "tôi cần {x} thì bắt đầu từ đâu", "{x} bao nhiêu ngày thì xong",
    "điều kiện để {x} là gì", "{x} nộp trực tiếp hay qua bưu điện được", "quy trình {x} như thế nào",
    "{x} có cần công chứng giấy tờ không", "ai được {x}", "{x} thì liên hệ phòng nào",
    "làm sao để {x} nhanh nhất", "thời hạn giải quyết {x} là bao lâu", "{x} theo quy định mới thế nào",
    "{x} cần bản sao hay bản chính", "có ai biết {x} làm sao không", "xin thông tin về {x}",
    "{x} nộp hồ sơ cho ai", "{x} có phải đến trực tiếp không", "bao nhiêu tiền để {x}", "{x} gồm mấy bước",
    "giấy tờ để {x}", "{x} có được làm qua mạng không", "chi phí {x} thế nào", "tôi muốn hỏi về {x}",
    "{x} thì hỏi ai", "{x} có khó không", "mất mấy ngày để {x}", "{x} nhận kết quả ở đâu", "tư vấn giúp mình vụ {x}", "mình chưa biết gì về {x}, chỉ giúp với",
]

FAQ_GENERAL: list[str] = [
    "địa chỉ của Sở ở đâu", "Sở làm việc mấy giờ", "thứ bảy có làm việc không", "số hotline của Sở là gì",
    "email của Sở là gì", "bộ phận một cửa ở tầng mấy", "gửi xe ở đâu khi đến Sở", "trưa có nhận hồ sơ không",
    "website của Sở là gì", "fanpage chính thức của Sở", "nghỉ lễ Sở có trực không", "có chỗ đỗ ô tô không",
    "giờ nghỉ trưa của bộ phận tiếp nhận", "Sở có chi nhánh ở huyện không", "nộp hồ sơ ở trung tâm hành chính công được không",
    "phản ánh thì bao lâu được trả lời", "khiếu nại có thời hạn bao lâu", "tố cáo giấu tên có được giải quyết không",
    "đơn khiếu nại phải ghi những gì", "gửi đơn qua bưu điện đến địa chỉ nào", "có được nộp đơn qua email không",
]

STATUS_OBJECTS: list[str] = [
    "phản ánh của tôi", "đơn tôi gửi", "kiến nghị hôm trước", "đơn khiếu nại của tôi", "đơn tố cáo tôi gửi",
    "hồ sơ của công ty tôi", "góp ý tôi gửi tuần trước", "phản ánh vụ cân gian", "đơn về trạm BTS",
    "phản ánh website lỗi", "câu hỏi đối thoại tôi gửi", "đơn của bố tôi", "kiến nghị về cáp viễn thông",
    "phản ánh cán bộ một cửa", "đơn gửi từ tháng 8", "cái đơn hôm thứ hai", "phản ánh của hợp tác xã",
    "khiếu nại về quyết định xử phạt", "đơn tôi nhờ cháu gửi giùm", "phản ánh cán bộ gây khó khăn",
    "phản ánh về thái độ nhân viên một cửa", "đơn tố cáo cán bộ đòi tiền", "phản ánh cổng dịch vụ công bị lỗi",
    "kiến nghị về phí mã vạch", "phản ánh hàng giả nhãn hiệu", "đơn khiếu nại bị phạt nhãn hàng hóa",
    "phản ánh phòng X-quang không an toàn", "đơn về kinh phí đề tài chậm", "phản ánh tin nhắn rác",
    "kiến nghị hỗ trợ startup", "phản ánh dây cáp sà xuống đường", "đơn tố cáo làm giả tem nhãn",
    "khiếu nại hồ sơ nhãn hiệu bị từ chối", "phản ánh bưu phẩm thất lạc", "phản ánh chậm trả kết quả",
    "phản ánh nộp phí online bị trừ tiền", "đơn phản ánh về chợ cân thiếu", "kiến nghị mở lớp chuyển đổi số",
    "phản ánh hợp đồng chuyển giao công nghệ", "khiếu nại về giấy phép bức xạ", "phản ánh đường vào thôn", "phản ánh mã {ma}", "đơn {ma}",
]
STATUS_PATTERNS: list[str] = [
    "{o} đến đâu rồi", "{o} xử lý chưa", "{o} đã có kết quả chưa", "{o} sao rồi", "kiểm tra giúp {o}",
    "tra cứu {o}", "{o} bao giờ có trả lời", "{o} đã được tiếp nhận chưa", "sao {o} lâu quá chưa thấy trả lời",
    "{o} đang ở bước nào", "cho xem tình trạng {o}", "{o} chuyển cho ai xử lý rồi", "{o} có ai nhận chưa",
    "{o} đã được thụ lý chưa", "không biết {o} xử lý tới đâu rồi", "{o} giờ ra sao rồi ạ",
    "nhờ kiểm tra {o} giúp, gửi lâu rồi", "{o} đã có văn bản trả lời chưa", "tôi đợi mãi {o} chưa có hồi âm",
    "{o} được giải quyết chưa vậy", "cho biết kết quả {o}", "{o} có ai xem chưa", "xin thông tin tiến độ {o}",
    "{o} còn phải chờ bao lâu nữa", "theo dõi giúp {o}", "{o} tình hình thế nào rồi", "cập nhật giúp tôi {o}", "tôi muốn biết {o} giải quyết tới đâu",
    "hỏi thăm tiến độ {o}", "{o} có tin gì chưa", "{o} hôm nay có gì mới không", "đã lâu rồi {o} vẫn chưa xong à",
]

EVENTS: list[str] = [
    "buổi đối thoại", "hội nghị đối thoại với doanh nghiệp", "buổi đối thoại tháng 12", "hội nghị đối thoại quý này",
    "đối thoại về thủ tục hành chính", "buổi gặp mặt doanh nghiệp", "đối thoại với giám đốc Sở",
    "hội nghị đối thoại trực tuyến", "buổi đối thoại với hộ kinh doanh", "đối thoại chuyên đề sở hữu trí tuệ",
    "buổi đối thoại với người dân", "hội nghị lắng nghe doanh nghiệp", "đối thoại cuối năm",
]
REGISTER_PATTERNS: list[str] = [
    "tôi muốn đăng ký hỏi ở {e}", "đăng ký tham dự {e}", "cho tôi đăng ký câu hỏi tại {e}",
    "gửi câu hỏi trước cho {e}", "tôi muốn gửi câu hỏi cho {e}: {q}", "đăng ký câu hỏi cho {e}: {q}",
    "ghi danh giúp tôi dự {e}", "tôi xin đăng ký phát biểu ở {e}", "công ty tôi muốn cử người dự {e}",
    "câu hỏi gửi {e}: {q}", "muốn hỏi lãnh đạo tại {e} là {q}", "{q} — tôi muốn hỏi câu này ở {e}",
    "đăng ký dự {e} cho 2 người", "cho mình đăng ký tham gia {e} nhé", "tôi không dự được {e}, xin gửi câu hỏi: {q}",
    "em muốn đặt câu hỏi ở {e}", "đăng kí hỏi tại {e}", "làm phiếu đăng ký câu hỏi {e} cho tôi",
    "nhờ ghi câu hỏi của tôi vào {e}: {q}", "hợp tác xã xin tham gia {e}", "tôi có câu hỏi cho {e}",
    "xin được hỏi tại {e}: {q}", "đăng ký giúp tôi vào {e}", "muốn có mặt ở {e}, đăng ký ở đây nhé",
    "gửi câu hỏi {e}: {q}", "tôi xin phép hỏi ở {e}", "nộp câu hỏi trước {e} được không: {q}",
]
REGISTER_QUESTIONS: list[str] = [
    "bao giờ thủ tục đăng ký nhãn hiệu được rút gọn", "có hỗ trợ phí mã vạch cho hộ kinh doanh không",
    "vì sao kinh phí đề tài giải ngân chậm", "tỉnh có chính sách gì cho startup", "sao công bố hợp quy lâu vậy",
    "khi nào phủ sóng 4G cho vùng núi", "có thể nộp hồ sơ bức xạ online không", "thủ tục chuyển giao công nghệ có giảm bớt không",
    "Sở xử lý thế nào với cân gian ở chợ", "doanh nghiệp nhỏ được hỗ trợ chuyển đổi số ra sao",
]
SCHEDULE_PATTERNS: list[str] = [
    "khi nào có {e}", "{e} tổ chức ở đâu", "{e} mấy giờ bắt đầu", "lịch {e} thế nào", "bao giờ diễn ra {e}",
    "hạn đăng ký {e} là ngày nào", "{e} có tổ chức online không", "ai chủ trì {e}", "{e} kéo dài bao lâu",
    "{e} còn nhận đăng ký không", "{e} đổi ngày chưa", "sắp tới có {e} không", "{e} vào thứ mấy",
    "ngày giờ {e}", "{e} năm nay có không", "địa điểm {e}", "{e} tháng này là hôm nào", "cho xin lịch {e}",
    "{e} diễn ra sáng hay chiều", "thông tin về {e}", "{e} có lịch chưa", "{e} là ngày mấy",
    "{e} họp ở phòng nào", "{e} có công bố lịch chưa", "tôi muốn biết thời gian {e}", "{e} tuần sau phải không",
    "{e} hoãn chưa", "{e} có chưa ad", "hôm nào thì {e}", "khi nào hết hạn gửi câu hỏi cho {e}", "đến hạn chót nào thì hết đăng ký {e}",
]
RECEPTION: list[str] = [
    "lịch tiếp công dân", "buổi tiếp dân của giám đốc Sở", "ngày tiếp công dân định kỳ", "tiếp công dân tháng này",
    "lịch tiếp dân của lãnh đạo", "buổi tiếp công dân",
]

SMALLTALK_X: list[str] = [
    "xin chào", "chào bạn", "chào ad", "hello", "hi", "alo", "chào buổi sáng", "chào buổi tối", "xin chào ạ",
    "chào em", "chào Sở", "chào anh chị", "hí lô", "cảm ơn", "cảm ơn nhiều", "cảm ơn bạn nhé", "thanks",
    "ok cảm ơn ad", "cám ơn Sở", "dạ em cảm ơn ạ", "thank you", "cảm ơn đã hỗ trợ", "rất cảm ơn",
    "cảm ơn bạn nhiều lắm", "tạm biệt", "bye", "hẹn gặp lại", "chào nhé", "thôi chào bạn", "ok", "vâng",
    "dạ", "ừ", "được rồi", "ok bạn", "đã hiểu", "vâng ạ", "oke", "dạ vâng", "ừm", "uk", "okie", "ok nha",
    "bạn là ai", "bạn là người hay máy", "có ai trực không", "có người thật không", "bot à",
    "tuyệt vời", "hay quá", "tốt lắm", "bạn khỏe không", "chúc một ngày tốt lành", "chúc Sở năm mới vui vẻ",
    "hihi", "haha", "🙂", "👍", "ok đã rõ", "thế là xong à", "vậy thôi nhé", "dạ em hiểu rồi",
    "tuyệt, cảm ơn", "bạn dễ thương quá", "có ai ở đó không", "alo alo", "chào buổi chiều", "good",
]
HELP_X: list[str] = [
    "hướng dẫn sử dụng", "cách dùng bot này", "bot này dùng thế nào", "làm sao để dùng", "menu", "danh mục",
    "mở menu", "/start", "/help", "bắt đầu", "start", "bạn làm được gì", "bot có những chức năng gì",
    "ở đây giúp được gì cho tôi", "tôi có thể làm gì ở đây", "tôi không biết bấm gì", "không hiểu cách dùng",
    "chỉ tôi cách dùng với", "hướng dẫn tôi với", "trợ giúp", "giúp tôi", "help", "làm sao để quay lại từ đầu",
    "quay lại menu chính", "về trang chủ", "gửi ảnh kèm theo thế nào", "đính kèm file ở đâu",
    "làm sao gửi hình qua bot", "có nút nào để gửi đơn không", "các lệnh của bot", "xem danh sách chức năng",
    "tôi lạc rồi, chỉ lại từ đầu", "bấm vào đâu để bắt đầu", "bot hỗ trợ những việc gì", "hủy thao tác",
    "làm lại từ đầu", "tôi muốn xem hướng dẫn", "chức năng của trợ lý ảo", "dùng thử bot", "giới thiệu về bot",
    "cách sửa thông tin vừa nhập", "muốn nhập lại thì sao", "hướng dẫn dùng chatbot",
]
SUBSCRIBE_X: list[str] = [
    "đăng ký nhận tin", "tôi muốn nhận tin từ Sở", "cho tôi nhận thông báo", "đăng kí nhận bản tin",
    "có lịch đối thoại mới thì báo cho tôi", "báo tôi khi có buổi đối thoại", "nhắn cho tôi khi có lịch tiếp dân",
    "tôi muốn nhận thông báo về nhãn hiệu", "theo dõi tin về chuyển đổi số", "gửi tin tức khoa học cho tôi",
    "bật thông báo", "subscribe", "theo dõi", "nhận tin", "đăng ký nhận tin tức hằng tuần",
    "nhận bản tin của Sở qua đây được không", "cho mình theo dõi kênh này", "có chính sách mới nhớ báo mình",
    "tôi muốn được cập nhật tin hỗ trợ doanh nghiệp", "đăng ký nhận thông báo lịch tiếp dân",
    "bật nhận tin giúp tôi", "nhận tin nhắn thông báo từ bot", "gửi bản tin cho tôi mỗi tuần",
    "tôi muốn đăng ký theo dõi", "thông báo cho tôi khi có đợt tuyển chọn đề tài mới",
    "có tin về đối thoại thì nhắn tôi", "cho nhận lại tin như cũ", "đăng ký lại nhận thông báo",
]
UNSUBSCRIBE_X: list[str] = [
    "hủy đăng ký nhận tin", "không nhận tin nữa", "thôi không nhận thông báo", "hủy nhận tin", "stop",
    "unsubscribe", "dừng", "ngừng gửi", "đừng gửi tin nữa", "đừng nhắn cho tôi nữa", "làm ơn đừng gửi tin nhắn nữa",
    "đừng gửi thông báo nữa", "tắt thông báo", "tắt tin nhắn", "bỏ theo dõi", "hủy theo dõi",
    "tôi không muốn nhận tin nữa", "bỏ đăng ký tin", "gửi nhiều tin quá, cho tôi dừng nhận", "spam quá, hủy giúp tôi",
    "ngừng gửi tin cho tôi", "thôi đừng gửi nữa", "tôi muốn hủy đăng ký", "xin dừng nhận bản tin",
    "đừng làm phiền tôi nữa", "không nhận thông báo đối thoại nữa", "tắt nhận tin", "stop nhận tin",
    "gỡ tôi khỏi danh sách nhận tin", "đừng gửi gì cho tôi nữa", "hủy", "cancel", "hủy nhận thông báo",
]
OTHER_X: list[str] = [
    "thời tiết hôm nay thế nào", "mai trời có mưa không", "dự báo thời tiết cuối tuần", "kết quả xổ số miền nam hôm nay",
    "xổ số hôm qua về con gì", "cho xin số đề", "giá vàng hôm nay bao nhiêu", "tỷ giá đô la hôm nay",
    "giá xăng tuần này", "bạn có người yêu chưa", "kể chuyện cười đi", "hát một bài đi", "bạn bao nhiêu tuổi",
    "tối nay đá bóng mấy giờ", "Việt Nam đá với Thái Lan khi nào", "ai vô địch World Cup", "cho tôi vay tiền",
    "tôi cần tìm việc làm", "có bán điện thoại không", "shop ơi còn hàng không", "quán phở nào ngon gần đây",
    "nấu canh chua thế nào", "công thức làm bánh flan", "asdfgh", "???", "123", "hmm", "kkk",
    "làm bài tập toán giúp tôi", "dịch sang tiếng Anh giúp", "viết cho tôi bài văn", "mua vé máy bay đi Sài Gòn",
    "đặt phòng khách sạn", "gọi taxi giúp", "hôm nay ngày mấy âm lịch", "mấy giờ rồi", "phim nào hay",
    "bạn thích màu gì", "tôi buồn quá", "cho link xem phim", "ai là người giàu nhất", "1+1 bằng mấy",
    "bitcoin lên hay xuống", "có bán sim số đẹp không", "cần mua đất nền", "lịch âm hôm nay", "trận đấu tối qua",
    "tôi đói", "ngủ ngon", "cho tôi công thức pha cà phê", "mèo nhà tôi bị ốm", "giải giúp câu đố",
]

# ------------------------------------------------------------------ more variety (second pass)
FAQ_PATTERNS += [
    "{x} cần mang theo gì", "nộp {x} ở tầng mấy", "{x} có cần chờ lâu không", "{x} có hướng dẫn bằng văn bản không",
    "tôi ở xa thì {x} kiểu gì", "{x} online có được công nhận không", "{x} bao lâu thì có giấy", "{x} áp dụng văn bản nào",
    "hồ sơ {x} có phải nộp bản giấy không", "muốn hỏi thủ tục {x}", "{x} cần mấy bộ hồ sơ", "phí {x} nộp bằng cách nào",
    "đi {x} thì gặp ai", "người nước ngoài có được {x} không", "{x} năm nay có gì thay đổi",
    "thủ tục {x} á, làm sao vậy", "{x} làm ở Sở hay ở Bộ", "nếu thiếu giấy tờ thì {x} có được không",
]
STATUS_PATTERNS += [
    "{o} giờ sao rồi", "ai đang giải quyết {o}", "{o} có kết luận chưa", "{o} đã chuyển đi đâu",
    "sao mãi chưa thấy trả lời {o}", "{o} tôi chờ 2 tuần rồi", "xin kết quả {o}", "{o} được duyệt chưa",
    "cho tôi tra {o}", "{o} xong chưa vậy", "tôi muốn hỏi tình trạng {o}", "báo giúp tôi kết quả {o}",
]
REGISTER_PATTERNS += [
    "tôi muốn đi dự {e}", "cho tôi một suất dự {e}", "đăng ký người đại diện công ty dự {e}",
    "gửi câu hỏi đăng ký cho {e} giúp tôi: {q}", "ghi tên tôi vào danh sách dự {e}", "mình xin hỏi ở {e} về việc {q}",
    "tôi sẽ tham dự {e}, ghi nhận giúp", "xin đăng ký hỏi: {q}",
]
SCHEDULE_PATTERNS += [
    "{e} là khi nào vậy", "bao giờ thì tổ chức {e}", "năm nay có tổ chức {e} không", "{e} ở hội trường nào",
    "{e} có thông báo lịch chưa", "{e} còn bao nhiêu ngày nữa", "xem lịch {e} ở đâu", "lịch cụ thể của {e}",
]
OTHER_X += [
    "tôi muốn mua xe máy trả góp", "đọc truyện cho tôi nghe", "ai là tổng thống Mỹ", "thủ đô của Pháp là gì",
    "hôm nay là thứ mấy", "bạn thích ăn gì", "làm thơ tặng tôi", "cách giảm cân nhanh", "cho xin wifi",
    "mua bảo hiểm xe ở đâu rẻ", "tư vấn chọn laptop", "học tiếng Anh ở đâu tốt", "tôi bị đau đầu uống thuốc gì",
    "chơi game gì vui", "dự đoán tỷ số trận tối nay", "con số may mắn của tôi", "cho tôi xin ảnh đẹp",
    "bạn có yêu tôi không", "mai đi đâu chơi", "review quán cà phê", "giá lúa hôm nay", "giá heo hơi",
    "vé tàu Tết còn không", "điểm thi đại học bao giờ có", "cách chăm sóc cây lan", "xem tử vi hôm nay",
    "hát karaoke bài gì hay", "cho xin số tài khoản để chuyển tiền", "tôi muốn bán nhà", "cách làm giàu",
    "trời nóng quá", "nhạc gì đang hot", "công thức nấu bún bò", "có bán vé số không",
]
SMALLTALK_X += [
    "dạ chào ad ạ", "chào anh ạ", "chào chị", "xin chào mọi người", "hello ad", "cảm ơn đã trả lời",
    "ok để tôi xem", "dạ vâng cảm ơn", "cảm ơn rất nhiều", "tks ad", "thôi được rồi", "hiểu rồi cảm ơn",
    "ok nhé", "chúc sức khỏe", "cảm ơn Sở đã hỗ trợ nhiệt tình", "bye ad", "hẹn gặp lại nhé",
    "xin lỗi làm phiền", "à vâng", "thế à", "ok bạn nhé",
]
SUBSCRIBE_X += [
    "cho tôi đăng ký nhận tin tức", "tôi muốn nhận thông báo mới nhất", "theo dõi thông báo của Sở",
    "đăng ký nhận tin về đối thoại", "có gì mới thì nhắn tôi nhé", "tôi muốn nhận tin nhắn từ Sở",
    "bật thông báo tin mới", "gửi tin cho tôi khi có chính sách mới", "đăng ký theo dõi bản tin",
    "cho mình nhận bản tin định kỳ", "muốn được thông báo lịch tiếp dân", "nhận tin qua Zalo được không",
]
HELP_X += [
    "tôi cần làm gì tiếp theo", "bot hoạt động thế nào", "chỉ cách sử dụng", "cho xem menu", "các mục chọn",
    "hướng dẫn dùng trợ lý", "làm sao để gửi đơn qua bot này", "tôi mới dùng lần đầu", "nút bấm ở đâu",
    "tôi muốn quay về menu",
]

# ------------------------------------------------------------------ third pass: status and faq variety
STATUS_PATTERNS += [
    "{o} tới đâu rồi ạ", "cho hỏi {o} đã xử lý xong chưa", "{o} có kết quả gì chưa ad", "nhờ xem giúp {o}",
    "{o} gửi lâu rồi mà chưa thấy gì", "bên mình đã nhận {o} chưa", "{o} đang chờ ai duyệt", "{o} bị treo à",
    "sao {o} chưa được phản hồi", "{o} có được chuyển lên lãnh đạo chưa", "kiểm tra giùm {o} với",
    "{o} hôm nay có tiến triển gì không", "phòng nào đang cầm {o}", "tôi cần biết {o} đã được xem chưa",
    "{o} bao giờ xong", "cho tôi hỏi lại {o}", "hỏi về {o} đã gửi", "{o} có bị từ chối không",
]
STATUS_OBJECTS += [
    "phản ánh về cán bộ hách dịch", "đơn tố cáo phòng khám X-quang", "kiến nghị về cổng dịch vụ công",
    "phản ánh đề tài chậm kinh phí", "đơn khiếu nại nhãn hiệu", "phản ánh mất sóng điện thoại",
    "phản ánh bị thu thêm phí", "đơn của công ty em", "yêu cầu hôm 15/10", "phản ánh tôi nhắn hôm qua",
    "đơn tôi nộp qua Zalo", "cái kiến nghị về đèn tín hiệu", "phản ánh cân thiếu ở chợ", "hồ sơ đối thoại",
]
FAQ_PATTERNS += [
    "{x} thì cần đến đâu", "hỏi chút về {x}", "{x} thủ tục rườm rà không", "{x} cần những bước nào",
    "nhờ hướng dẫn {x}", "thông tin về {x} ở đâu", "tôi chưa rõ {x}, giải thích giúp", "{x} hết bao lâu",
    "lệ phí cho {x}", "{x} có mẫu tờ khai không", "xin hướng dẫn thủ tục {x}", "cần tư vấn {x}",
]

# more ways to ask about an earlier petition (appended: the train/dev split of the older patterns is unchanged)
STATUS_PATTERNS += [
    "ai đang giải quyết {o} vậy", "{o} giao cho phòng nào rồi", "{o} giờ nằm ở đâu rồi", "cho hỏi {o} tới đâu rồi",
    "{o} mà đến giờ vẫn im lặng, kiểm tra giúp tôi", "tôi muốn hỏi kết quả {o}", "{o} có cần bổ sung gì không",
    "{o}, hạn trả lời qua rồi sao chưa thấy gì", "{o} đã chuyển sang cơ quan khác chưa", "{o} có ai đọc chưa vậy",
    "{o} đang chờ ai ký", "{o} xử lý đến bước nào rồi", "nhắc lại giúp {o}, vẫn chưa có kết quả", "{o} sao im re vậy",
    "{o} có trả lời chưa ạ", "{o} bị trả lại hay sao mà chưa thấy", "{o} bao giờ mới xong", "xem giúp tình trạng {o}",
    "{o} bên mình nhận được chưa", "cho tôi biết {o} đang được ai xử lý", "{o} mấy hôm nay có cập nhật gì không",
    "liệu {o} có được xem xét không, chờ lâu quá", "{o} xin hỏi tiến độ", "{o} kết quả thế nào",
]
STATUS_NOUNS: dict[str, list[str]] = {
    "phan_anh": ["phản ánh", "đơn phản ánh", "phản ánh của tôi", "cái phản ánh", "tin phản ánh", "đơn", "ý kiến"],
    "kien_nghi": ["kiến nghị", "đơn kiến nghị", "góp ý", "đề xuất của tôi", "kiến nghị của tôi", "đơn"],
    "khieu_nai": ["khiếu nại", "đơn khiếu nại", "đơn khiếu nại của tôi", "khiếu nại của công ty", "đơn"],
    "to_cao": ["đơn tố cáo", "tố cáo", "đơn tố cáo của tôi", "tố giác", "đơn"],
}
STATUS_WHEN: list[str] = [
    "", "", "tôi gửi tuần trước", "gửi hôm thứ hai", "nộp từ tháng trước", "gửi qua đây hôm bữa", "gửi cách đây 10 ngày",
    "tôi đã gửi", "em gửi hôm qua", "gửi từ đầu tháng", "mà tôi gửi lâu rồi", "hôm trước", "mã {ma}", "gửi ngày 5/9",
]
