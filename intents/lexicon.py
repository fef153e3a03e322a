"""Hand-written keyword lists: the keyword-only baseline, rule features and the fallback for profiles
whose topic codes the classifier was not trained on."""

from __future__ import annotations

INTENTS = ("petition", "dialogue_register", "dialogue_schedule", "status_lookup", "faq", "smalltalk",
           "help", "subscribe", "unsubscribe", "other")
KINDS = ("phan_anh", "kien_nghi", "khieu_nai", "to_cao")
DEFAULT_TOPICS = ("do_luong_chat_luong", "so_huu_tri_tue", "buc_xa_hat_nhan", "khoa_hoc_cong_nghe",
                  "chuyen_giao_cong_nghe", "dich_vu_cong_truc_tuyen", "vien_thong_cntt", "thai_do_phuc_vu",
                  "khac")

# ordered: the first intent whose keyword matches wins in the baseline
INTENT_KEYWORDS: list[tuple[str, list[str]]] = [
    ("unsubscribe", ["hủy đăng ký nhận tin", "hủy nhận tin", "đừng gửi tin", "không nhận tin", "ngừng nhận",
                     "dừng nhận", "thôi nhận", "stop", "unsubscribe", "hủy theo dõi", "bỏ theo dõi",
                     "đừng nhắn", "không muốn nhận", "tắt thông báo"]),
    ("subscribe", ["đăng ký nhận tin", "nhận tin", "nhận thông báo", "theo dõi tin", "subscribe",
                   "bật thông báo", "báo cho tôi khi có", "gửi tin cho tôi"]),
    ("status_lookup", ["tra cứu", "kết quả xử lý", "tình trạng", "tiến độ", "đến đâu rồi", "xử lý chưa",
                       "trả lời chưa", "mã hồ sơ", "mã phản ánh", "đã gửi", "bao giờ có kết quả"]),
    ("dialogue_register", ["đăng ký hỏi", "đăng ký câu hỏi", "đăng ký tham dự", "đăng ký tham gia",
                           "gửi câu hỏi trước", "phiếu đăng ký câu hỏi", "muốn hỏi tại buổi đối thoại",
                           "đặt câu hỏi cho lãnh đạo", "đăng ký phát biểu"]),
    ("dialogue_schedule", ["lịch đối thoại", "buổi đối thoại", "hội nghị đối thoại", "lịch tiếp công dân",
                           "ngày tiếp công dân", "tiếp dân", "hạn đăng ký", "khi nào đối thoại",
                           "đối thoại"]),
    ("help", ["hướng dẫn sử dụng", "menu", "trợ giúp", "help", "dùng bot", "bot làm được gì",
              "chức năng", "bắt đầu", "/start"]),
    ("petition", ["phản ánh", "kiến nghị", "khiếu nại", "tố cáo", "góp ý", "đề nghị", "đề xuất",
                  "bức xúc", "gây khó khăn", "nhũng nhiễu", "vi phạm", "hàng giả", "không đúng"]),
    ("faq", ["thủ tục", "hồ sơ gồm", "lệ phí", "phí", "giấy tờ", "địa chỉ", "giờ làm việc", "làm thế nào",
             "như thế nào", "cách", "ở đâu", "bao lâu", "cần những gì", "mẫu đơn"]),
    ("smalltalk", ["xin chào", "chào", "hello", "hi", "cảm ơn", "tạm biệt", "bye", "ok", "vâng"]),
]

KIND_KEYWORDS: list[tuple[str, list[str]]] = [
    ("to_cao", ["tố cáo", "tố giác", "nhận hối lộ", "đòi tiền", "tham nhũng", "làm giả", "hàng giả",
                "vi phạm pháp luật", "gian lận", "lừa đảo", "trục lợi", "buôn lậu"]),
    ("khieu_nai", ["khiếu nại", "quyết định xử phạt", "phạt oan", "không đồng ý với quyết định",
                   "từ chối cấp", "bị từ chối", "bác đơn", "xem xét lại", "không thỏa đáng", "oan"]),
    ("kien_nghi", ["kiến nghị", "đề nghị", "đề xuất", "góp ý", "nên", "mong muốn", "xin đề xuất",
                   "bổ sung", "sửa đổi", "cải tiến", "hỗ trợ thêm"]),
    ("phan_anh", ["phản ánh"]),
]

TOPIC_KEYWORDS: dict[str, list[str]] = {
    "do_luong_chat_luong": ["đo lường", "chất lượng", "tiêu chuẩn", "quy chuẩn", "nhãn hàng hóa", "nhãn mác",
                            "mã số mã vạch", "mã vạch", "cân", "đồng hồ nước", "công tơ", "cột xăng",
                            "kiểm định", "hiệu chuẩn", "hợp chuẩn", "hợp quy", "tem", "hàng kém chất lượng",
                            "xăng dầu", "cân điện tử", "đồng hồ điện", "taxi", "iso"],
    "so_huu_tri_tue": ["sở hữu trí tuệ", "nhãn hiệu", "sáng chế", "bản quyền", "kiểu dáng công nghiệp",
                       "chỉ dẫn địa lý", "văn bằng bảo hộ", "xâm phạm quyền", "logo", "thương hiệu",
                       "giải pháp hữu ích", "bảo hộ"],
    "buc_xa_hat_nhan": ["bức xạ", "hạt nhân", "phóng xạ", "x-quang", "x quang", "an toàn bức xạ",
                        "chụp x", "nguồn phóng xạ", "máy chụp", "chiếu xạ", "liều kế", "cắt lớp"],
    "khoa_hoc_cong_nghe": ["đề tài", "nhiệm vụ khoa học", "nhiệm vụ khoa học và công nghệ", "nghiên cứu",
                           "doanh nghiệp khoa học và công nghệ", "đổi mới sáng tạo", "khởi nghiệp",
                           "nghiệm thu", "kinh phí đề tài", "quỹ phát triển khoa học", "sáng kiến",
                           "startup", "hội đồng khoa học", "tuyển chọn"],
    "chuyen_giao_cong_nghe": ["chuyển giao công nghệ", "hợp đồng chuyển giao", "ứng dụng công nghệ",
                              "thẩm định công nghệ", "nhập khẩu công nghệ", "thiết bị cũ", "dây chuyền",
                              "đổi mới công nghệ", "công nghệ lạc hậu"],
    "dich_vu_cong_truc_tuyen": ["dịch vụ công", "cổng dịch vụ công", "nộp trực tuyến", "nộp online",
                                "thanh toán trực tuyến", "một cửa", "phần mềm một cửa", "website",
                                "trang web", "hồ sơ trực tuyến", "tài khoản", "vneid", "đăng nhập", "lỗi",
                                "biểu mẫu", "form", "chữ ký số", "trực tuyến", "online"],
    "vien_thong_cntt": ["bưu chính", "bưu điện", "viễn thông", "tần số", "sóng", "internet", "mạng",
                        "cáp quang", "trạm bts", "sim", "tin nhắn rác", "cuộc gọi rác", "chuyển đổi số",
                        "công nghệ thông tin", "wifi", "nhà mạng", "bưu phẩm", "bưu kiện", "4g", "5g",
                        "phát thanh", "truyền hình", "an toàn thông tin"],
    "thai_do_phuc_vu": ["cán bộ", "công chức", "nhân viên", "thái độ", "hách dịch", "nhũng nhiễu",
                        "gây khó khăn", "gây khó dễ", "vòi tiền", "bồi dưỡng", "phong bì", "chậm trễ",
                        "trễ hẹn", "quát", "thô lỗ", "cửa quyền", "tiêu cực", "đòi tiền", "hối lộ",
                        "không nghe máy", "bỏ vị trí"],
    "khac": [],
}
