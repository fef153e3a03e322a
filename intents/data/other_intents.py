"""Hand-written phrasings for the non-petition intents (pieces combined by build.py).

Each list item is one "situation group"; " | " separates phrasings of the same thing. The generator
splits train/dev by group.
"""

# topic hints used to fill {chu_de} in dialogue/faq phrasings: (topic, phrases)
TOPIC_PHRASES: list[tuple[str, str]] = [
    ("so_huu_tri_tue", "nhãn hiệu | đăng ký nhãn hiệu | bảo hộ sáng chế | chỉ dẫn địa lý | sở hữu trí tuệ | bản quyền"),
    ("do_luong_chat_luong", "nhãn hàng hóa | mã số mã vạch | kiểm định cân | công bố hợp quy | đo lường | tiêu chuẩn chất lượng"),
    ("buc_xa_hat_nhan", "giấy phép X-quang | an toàn bức xạ | chứng chỉ nhân viên bức xạ | nguồn phóng xạ"),
    ("khoa_hoc_cong_nghe", "đề tài khoa học | nhiệm vụ khoa học công nghệ | doanh nghiệp khoa học và công nghệ | khởi nghiệp đổi mới sáng tạo"),
    ("chuyen_giao_cong_nghe", "chuyển giao công nghệ | hợp đồng chuyển giao công nghệ | thẩm định công nghệ"),
    ("dich_vu_cong_truc_tuyen", "nộp hồ sơ trực tuyến | cổng dịch vụ công | thanh toán lệ phí trực tuyến | chữ ký số"),
    ("vien_thong_cntt", "tần số vô tuyến | giấy phép bưu chính | chuyển đổi số | viễn thông | cáp quang"),
    ("khac", "thủ tục hành chính | cải cách hành chính | hỗ trợ doanh nghiệp"),
]

DIALOGUE_REGISTER: list[str] = [
    "tôi muốn đăng ký hỏi ở buổi đối thoại về {chu_de} | cho tôi đăng ký câu hỏi tại hội nghị đối thoại về {chu_de} | "
    "đăng ký hỏi ở buổi đối thoại về {chu_de}",
    "tôi muốn đăng ký tham dự hội nghị đối thoại với doanh nghiệp | cho công ty tôi đăng ký tham dự buổi đối thoại | "
    "đăng ký tham gia đối thoại với lãnh đạo Sở",
    "tôi muốn gửi câu hỏi trước cho buổi đối thoại | gửi trước câu hỏi cho hội nghị đối thoại được không | em gửi "
    "câu hỏi trước cho buổi đối thoại tháng sau nhé",
    "tôi có câu hỏi về {chu_de} muốn hỏi lãnh đạo Sở tại buổi đối thoại | muốn đặt câu hỏi với giám đốc Sở về {chu_de} "
    "trong hội nghị đối thoại",
    "điền phiếu đăng ký câu hỏi đối thoại ở đâu | cho tôi phiếu đăng ký câu hỏi đối thoại | tôi muốn điền phiếu đăng "
    "ký câu hỏi",
    "doanh nghiệp tôi muốn tham gia đối thoại để hỏi về {chu_de} | hợp tác xã chúng tôi xin đăng ký dự đối thoại, "
    "muốn hỏi về {chu_de}",
    "tôi không đi được buổi đối thoại, gửi câu hỏi để được trả lời bằng văn bản | không dự được hội nghị đối thoại, "
    "cho tôi gửi câu hỏi trước để nhận trả lời",
    "đăng ký cho 2 người của công ty dự đối thoại | cho tôi đăng ký thêm một người đi cùng buổi đối thoại",
    "tôi muốn phát biểu tại hội nghị đối thoại | cho tôi đăng ký phát biểu ý kiến ở buổi đối thoại | xin được nói "
    "trực tiếp tại buổi đối thoại",
    "câu hỏi cho buổi đối thoại: thủ tục {chu_de} có được rút ngắn không | câu hỏi đối thoại: khi nào {chu_de} được "
    "làm hoàn toàn trực tuyến",
    "đăng ký đối thoại | đăng ký dự đối thoại | đăng kí đối thoại ạ | tôi đăng ký đối thoại",
    "tôi muốn hỏi trực tiếp lãnh đạo ở buổi đối thoại sắp tới | buổi đối thoại tới tôi muốn được hỏi lãnh đạo Sở",
    "mình muốn gửi câu hỏi cho phiên đối thoại trực tuyến | đăng ký hỏi trong buổi đối thoại online",
    "ghi danh cho tôi dự hội nghị đối thoại doanh nghiệp quý này | cho tôi ghi tên tham dự đối thoại",
]

DIALOGUE_SCHEDULE: list[str] = [
    "khi nào có buổi đối thoại | bao giờ Sở tổ chức đối thoại với doanh nghiệp | lịch đối thoại năm nay thế nào",
    "buổi đối thoại tháng này tổ chức ở đâu | hội nghị đối thoại diễn ra tại đâu | địa điểm buổi đối thoại ở đâu vậy",
    "hạn đăng ký câu hỏi cho buổi đối thoại là ngày nào | đến ngày nào thì hết hạn đăng ký đối thoại | còn kịp đăng "
    "ký đối thoại không",
    "lịch tiếp công dân của Sở là ngày nào | Sở tiếp công dân vào thứ mấy | giám đốc Sở tiếp dân ngày nào trong tháng",
    "mấy giờ bắt đầu buổi đối thoại | buổi đối thoại bắt đầu lúc mấy giờ, kéo dài bao lâu | đối thoại sáng hay chiều",
    "có buổi đối thoại nào về {chu_de} sắp tới không | sắp tới có đối thoại về {chu_de} không",
    "lãnh đạo nào chủ trì buổi đối thoại | ai chủ trì hội nghị đối thoại lần này",
    "tuần sau có lịch tiếp dân không | tháng này lãnh đạo có tiếp công dân không | lịch tiếp dân định kỳ tháng 12",
    "buổi đối thoại có tổ chức trực tuyến không | đối thoại có phát trực tiếp trên mạng không | có link xem đối thoại online không",
    "đối thoại năm nay tổ chức mấy lần | bao lâu Sở đối thoại một lần | định kỳ mấy tháng đối thoại",
    "thời gian và địa điểm tiếp công dân | tiếp công dân ở phòng nào, mấy giờ | muốn gặp lãnh đạo thì tiếp dân ở đâu",
    "buổi đối thoại bị hoãn hay vẫn tổ chức | đối thoại có đổi ngày không",
    "lịch đối thoại | lịch tiếp dân | lịch tiếp công dân",
    "kết quả buổi đối thoại lần trước đăng ở đâu | biên bản hội nghị đối thoại có công khai không",
]

STATUS_LOOKUP: list[str] = [
    "phản ánh của tôi đến đâu rồi | đơn tôi gửi xử lý tới đâu rồi ạ | kiến nghị tôi gửi hôm trước sao rồi",
    "tra cứu mã {ma} | kiểm tra tình trạng hồ sơ {ma} | mã {ma} đã có kết quả chưa",
    "{ma} | {ma} sao rồi ad | cho hỏi {ma}",
    "tôi gửi phản ánh từ tuần trước mà chưa thấy trả lời, giờ đang ở bước nào | gửi từ tháng trước đến giờ vẫn chưa "
    "có phản hồi, kiểm tra giúp tôi với",
    "bao giờ thì có kết quả giải quyết đơn của tôi | khi nào tôi nhận được trả lời cho kiến nghị đã gửi | đơn khiếu "
    "nại của tôi bao giờ được giải quyết",
    "tôi quên mã phản ánh, tra bằng số điện thoại {sdt} được không | tra cứu đơn theo số điện thoại {sdt} | số tôi "
    "là {sdt}, xem giúp đơn đã gửi",
    "xem lại các phản ánh tôi đã gửi | danh sách đơn của tôi | tôi đã gửi những gì rồi",
    "đơn tố cáo của tôi đã được thụ lý chưa | khiếu nại của tôi có được thụ lý không | đơn đã chuyển đến phòng nào xử lý",
    "Sở đã nhận được phản ánh của tôi chưa | phản ánh hôm qua gửi có tới chưa | đơn tôi gửi có ai nhận chưa",
    "câu hỏi đăng ký đối thoại của tôi đã được tiếp nhận chưa | mã đăng ký {ma_dt} đã được duyệt chưa",
    "tình trạng đơn | tiến độ xử lý | kết quả xử lý phản ánh",
    "có cập nhật gì về vụ cân gian tôi báo hôm trước không | chuyện website lỗi tôi phản ánh đã sửa chưa | vụ tôi "
    "báo tuần trước đã kiểm tra chưa",
    "tra cứu | tra cứu đơn | tra cứu phản ánh",
]

FAQ: list[str] = [
    "thủ tục đăng ký nhãn hiệu cần những giấy tờ gì | hồ sơ đăng ký nhãn hiệu gồm những gì | muốn đăng ký bảo hộ "
    "nhãn hiệu thì làm thế nào",
    "lệ phí cấp mã số mã vạch là bao nhiêu | phí đăng ký mã vạch mất bao nhiêu tiền | phí duy trì mã số mã vạch hằng năm",
    "địa chỉ Sở Khoa học và Công nghệ ở đâu | trụ sở Sở ở đường nào | văn phòng Sở nằm chỗ nào",
    "giờ làm việc của bộ phận một cửa | mấy giờ Sở mở cửa | thứ bảy có làm việc không",
    "xin giấy phép tiến hành công việc bức xạ cần hồ sơ gì | thủ tục cấp phép máy X-quang | làm giấy phép X quang "
    "cho phòng khám mất bao lâu",
    "công bố hợp quy sản phẩm làm như thế nào | thủ tục công bố hợp chuẩn | hồ sơ công bố hợp quy gồm gì",
    "làm sao để được chứng nhận doanh nghiệp khoa học và công nghệ | điều kiện công nhận doanh nghiệp KH&CN là gì",
    "đăng ký hợp đồng chuyển giao công nghệ cần giấy tờ gì | thủ tục đăng ký chuyển giao công nghệ mất mấy ngày",
    "hướng dẫn nộp hồ sơ trực tuyến trên cổng dịch vụ công | cách nộp hồ sơ online | làm sao tạo tài khoản dịch vụ "
    "công",
    "kiểm định cân ở đâu, phí bao nhiêu | mang cân đi kiểm định ở chỗ nào | thời hạn kiểm định đồng hồ nước là bao lâu",
    "số điện thoại đường dây nóng của Sở | hotline của Sở là số mấy | email liên hệ của Sở là gì",
    "thời gian giải quyết khiếu nại là bao lâu | phản ánh thì bao lâu được trả lời | đơn tố cáo bao nhiêu ngày thì "
    "có kết quả",
    "đề xuất đặt hàng nhiệm vụ khoa học cần những gì | mẫu đề xuất đề tài khoa học lấy ở đâu | thời hạn nộp đề xuất "
    "nhiệm vụ khoa học năm nay",
    "xin giấy phép sử dụng tần số cho bộ đàm tàu cá thế nào | thủ tục cấp phép tần số vô tuyến điện",
    "ghi nhãn hàng hóa nhập khẩu cần những nội dung gì | nhãn phụ phải ghi thông tin gì",
    "tra cứu nhãn hiệu đã được đăng ký ở đâu | làm sao biết tên thương hiệu đã có ai đăng ký chưa",
    "có thể ủy quyền cho người khác nộp hồ sơ không | nộp hồ sơ thay người nhà cần giấy ủy quyền không",
    "khiếu nại thì cần những giấy tờ gì | đơn tố cáo phải ghi những nội dung gì | gửi đơn khiếu nại theo mẫu nào",
    "hồ sơ bị mất giấy hẹn thì làm sao nhận kết quả | mất phiếu hẹn có lấy kết quả được không",
    "nhận kết quả qua bưu điện được không | có trả kết quả tại nhà không | đăng ký nhận kết quả qua bưu chính công ích",
    "thủ tục cấp giấy phép bưu chính | xin giấy phép kinh doanh dịch vụ bưu chính cần gì",
    "đăng ký kết hôn ở đâu | làm căn cước công dân ở đâu | gia hạn hộ chiếu thế nào",
    "hỗ trợ kinh phí đăng ký sở hữu trí tuệ cho doanh nghiệp có không | tỉnh có chính sách hỗ trợ khởi nghiệp gì",
]

SMALLTALK: list[str] = [
    "xin chào | chào bạn | chào ad | hello | hi | alo | chào buổi sáng | chào Sở | xin chào ạ | chào em",
    "cảm ơn | cảm ơn nhiều | cảm ơn bạn nhé | thanks | ok cảm ơn ad | cám ơn Sở | dạ em cảm ơn ạ | thank you",
    "tạm biệt | bye | hẹn gặp lại | chào nhé, tôi đi đây | thôi chào bạn",
    "ok | vâng | dạ | ừ | được rồi | ok bạn | đã hiểu | vâng ạ | oke",
    "bạn là ai | bạn là người hay máy | có ai đang trực không | có người thật không | bot à",
    "tuyệt vời | hay quá | giỏi lắm | bot dễ thương ghê | tốt lắm",
    "bạn khỏe không | hôm nay bạn thế nào | ăn cơm chưa",
]

HELP: list[str] = [
    "hướng dẫn sử dụng | cách dùng bot này | bot này dùng thế nào | làm sao để dùng",
    "menu | danh mục | mở menu | /start | /help | bắt đầu | start",
    "bạn làm được gì | bot có những chức năng gì | ở đây giúp được gì cho tôi | tôi có thể làm gì ở đây",
    "tôi không biết bấm gì | không hiểu cách dùng | chỉ tôi cách gửi với | hướng dẫn tôi với",
    "trợ giúp | giúp tôi | help | cứu",
    "làm sao để quay lại từ đầu | quay lại menu chính | về trang chủ",
    "gửi ảnh kèm theo thế nào | đính kèm file ở đâu | làm sao gửi hình qua bot",
]

SUBSCRIBE: list[str] = [
    "đăng ký nhận tin | tôi muốn nhận tin từ Sở | cho tôi nhận thông báo | đăng kí nhận bản tin",
    "có lịch đối thoại mới thì báo cho tôi | báo tôi khi có buổi đối thoại | nhắn cho tôi khi có lịch tiếp dân",
    "tôi muốn nhận thông báo về {chu_de} | theo dõi tin về {chu_de} | gửi tin tức {chu_de} cho tôi",
    "bật thông báo | subscribe | theo dõi | nhận tin",
    "đăng ký nhận tin tức khoa học công nghệ hằng tuần | nhận bản tin của Sở qua đây được không",
]

UNSUBSCRIBE: list[str] = [
    "hủy đăng ký nhận tin | không nhận tin nữa | thôi không nhận thông báo | hủy nhận tin",
    "stop | STOP | unsubscribe | dừng | ngừng gửi",
    "đừng gửi tin nữa | đừng nhắn cho tôi nữa | làm ơn đừng gửi tin nhắn nữa | đừng gửi thông báo nữa",
    "tắt thông báo | tắt tin nhắn | bỏ theo dõi | hủy theo dõi",
    "tôi không muốn nhận tin về {chu_de} nữa | bỏ đăng ký tin {chu_de}",
    "gửi nhiều tin quá, cho tôi dừng nhận | spam nhiều quá, hủy giúp tôi",
]

OTHER: list[str] = [
    "thời tiết hôm nay thế nào | mai trời có mưa không | dự báo thời tiết cuối tuần",
    "kết quả xổ số miền nam hôm nay | xổ số hôm qua về con gì | cho xin số đề",
    "giá vàng hôm nay bao nhiêu | tỷ giá đô la hôm nay | giá xăng tuần này",
    "bạn có người yêu chưa | kể chuyện cười đi | hát một bài đi | bạn bao nhiêu tuổi",
    "tối nay đá bóng mấy giờ | Việt Nam đá với Thái Lan khi nào | ai vô địch World Cup",
    "cho tôi vay tiền | tôi cần tìm việc làm | có bán điện thoại không | shop ơi còn hàng không",
    "quán phở nào ngon gần đây | nấu canh chua thế nào | công thức làm bánh",
    "asdfgh | ??? | ... | 123 | hmm | kkk | haha",
    "làm bài tập toán giúp tôi | dịch sang tiếng Anh giúp | viết cho tôi bài văn",
    "mua vé máy bay đi Sài Gòn | đặt phòng khách sạn | gọi taxi giúp",
]
