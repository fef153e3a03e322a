"""Round 4 training lines (train only), written for the confusions listed in the issue, NOT from the free-form dev
sets (which were written first and never used for error analysis): commune-level petitions of all four kinds with
Northern / Central / Southern wording, mixed messages where the actionable part wins, requests at the end of long
letters, subscription to a named subject, "what can I ask here" / questions about the bot = help, and the kind
conventions (an official's or public body's unlawful act = tố cáo; a business or household breaking rules = phản ánh;
a request to do, change or support something = kiến nghị, also when phrased casually).
Rows: (text, intent) or (text, "petition", kind, None); topic is left to the profile's own topic model.
"""

P = "petition"
PA, KN, KNai, TC = "phan_anh", "kien_nghi", "khieu_nai", "to_cao"

ROUND4_TRAIN: list[tuple] = [
    # ------------------------------------------------ kind conventions: official / public body unlawful act = tố cáo
    ("chủ tịch xã lấy đất công chia cho người nhà", P, TC, None),
    ("kế toán xã làm giả chứng từ rút tiền hỗ trợ", P, TC, None),
    ("trưởng thôn ăn bớt tiền đóng góp làm đường của bà con", P, TC, None),
    ("cán bộ địa chính nhận tiền của người mua đất rồi làm sổ sai", P, TC, None),
    ("công an viên nhận tiền của quán nhậu để không kiểm tra", P, TC, None),
    ("ubnd xã cho thuê đất công ích không qua đấu giá, có dấu hiệu sai phạm", P, TC, None),
    ("cán bộ văn hóa xã hội khai khống người chết để nhận tiền mai táng", P, TC, None),
    ("mấy ổng trên xã chia nhau tiền hỗ trợ bão lụt", P, TC, None),
    ("ông phó chủ tịch ký giấy xác nhận sai sự thật cho người quen", P, TC, None),
    ("cán bộ thuế xã đòi tiền mới cho hộ kinh doanh đóng thuế khoán thấp", P, TC, None),
    ("xa lam duong ma rut ruot, ban quan ly du an thong dong voi nha thau", P, TC, None),
    ("cán bộ tư pháp làm giả giấy khai sinh cho người khác", P, TC, None),
    ("chủ tịch hội nông dân giữ tiền vay vốn của hội viên", P, TC, None),
    ("cán bộ chi trả trợ cấp trừ bớt tiền của người già", P, TC, None),
    # ------------------------------------------------ business / household breaking rules = phản ánh
    ("xưởng gỗ xả mùn cưa ra đường làng", P, PA, None),
    ("nhà hàng xóm nuôi chó thả rông không rọ mõm", P, PA, None),
    ("cơ sở rửa xe xả nước bẩn ra lề đường", P, PA, None),
    ("quán nhậu bày bàn ghế kín vỉa hè", P, PA, None),
    ("hộ dân đốt rác cạnh trường mẫu giáo", P, PA, None),
    ("doanh nghiệp khai thác đá nổ mìn làm nứt nhà dân", P, PA, None),
    ("tiệm tạp hóa bán thuốc lá cho trẻ em", P, PA, None),
    ("nha ben canh xay nha dung vat lieu chan het loi di", P, PA, None),
    ("cơ sở ấp trứng vịt để mùi hôi cả xóm", P, PA, None),
    ("hộ kinh doanh karaoke không có giấy phép mà vẫn mở", P, PA, None),
    ("mấy ổng nuôi heo trong khu dân cư hôi quá trời", P, PA, None),
    ("nhà máy nước đá chạy máy nén ồn suốt đêm", P, PA, None),
    # ------------------------------------------------ missing public service = phản ánh (not tố cáo)
    ("xóm tôi chưa có điện lưới quốc gia", P, PA, None),
    ("thôn tôi không có trường mầm non, trẻ phải đi xa", P, PA, None),
    ("trạm y tế không có bác sĩ, chỉ có y sĩ", P, PA, None),
    ("khu tái định cư chưa có nước sạch", P, PA, None),
    ("đường vào thôn chưa có đèn chiếu sáng", P, PA, None),
    ("xã chưa có điểm thu gom rác", P, PA, None),
    ("ấp tui chưa có sóng điện thoại", P, PA, None),
    ("không có xe buýt về xã", P, PA, None),
    ("thon minh chua co nha van hoa", P, PA, None),
    ("chợ xã không có nhà vệ sinh", P, PA, None),
    # ------------------------------------------------ request to do / change / support = kiến nghị (casual too)
    ("xã làm cái đèn đường ở đầu ngõ đi", P, KN, None),
    ("sửa giùm cái cống trước nhà văn hóa đi mấy anh", P, KN, None),
    ("mong xã hỗ trợ bà con giống lúa sau lũ", P, KN, None),
    ("mong sở hỗ trợ hợp tác xã làm tem truy xuất nguồn gốc", P, KN, None),
    ("xin xã cho thêm thùng rác ở chợ", P, KN, None),
    ("xã nên làm sân chơi cho con nít", P, KN, None),
    ("mấy anh làm ơn lắp biển báo ở khúc cua", P, KN, None),
    ("nhờ xã can thiệp cho đường điện kéo vào xóm", P, KN, None),
    ("đề nghị xã mở lớp học bơi cho trẻ", P, KN, None),
    ("làm ơn cho xe rác vô tới hẻm nhỏ đi", P, KN, None),
    ("tui xin xã cho dời chợ tạm vô bãi đất trống", P, KN, None),
    ("răng xã hổng làm cái mương thoát nước cho xóm tui đi", P, KN, None),
    ("xin sở cho doanh nghiệp nhỏ được nộp hồ sơ giấy", P, KN, None),
    ("mong sở tổ chức lớp tập huấn chữ ký số miễn phí", P, KN, None),
    ("giá mà xã làm thêm cái cầu qua sông thì đỡ quá", P, KN, None),
    ("hãy cho người dân biết lịch cắt nước sớm hơn", P, KN, None),
    ("xa nen thay bong den duong bang den nang luong mat troi", P, KN, None),
    ("e mong xa ho tro tien hoc cho con nha ngheo", P, KN, None),
    ("cho tui xin thêm bình chữa cháy cho nhà văn hóa", P, KN, None),
    ("xã bố trí người trực bộ phận một cửa buổi trưa được không ạ", P, KN, None),
    # ------------------------------------------------ khiếu nại: decisions about oneself
    ("xã phạt tôi 2 triệu vì để vật liệu trước nhà, tôi không phục", P, KNai, None),
    ("hồ sơ trợ cấp của mẹ tôi bị xã bác, tôi không đồng ý", P, KNai, None),
    ("quyết định thu hồi đất của nhà tôi sai diện tích, tôi khiếu nại", P, KNai, None),
    ("nhà tôi bị rút tên khỏi hộ cận nghèo mà không ai giải thích", P, KNai, None),
    ("tui hổng chịu cái biên bản phạt của công an xã", P, KNai, None),
    ("xã từ chối cấp giấy phép xây dựng cho tôi, lý do không thỏa đáng", P, KNai, None),
    # ------------------------------------------------ dialect petitions (Central / Southern / Northern)
    ("răng đường trong thôn hư rứa mà chừ chưa ai sửa", P, PA, None),
    ("nhà tui ở mô mà xã đo đất hổng báo", P, PA, None),
    ("mấy ổng hứa sửa cầu rồi để đó luôn", P, PA, None),
    ("bả bán hàng lấn ra giữa đường, nói hổng nghe", P, PA, None),
    ("chừ mưa xuống là ngập tới đầu gối, ai mần chi cũng không được", P, PA, None),
    ("ở ngoài chợ có mấy đứa trộm xe hoài, mần răng đây", P, PA, None),
    ("dạo ni điện chập chờn, mấy ổng điện lực hổng tới", P, PA, None),
    ("bọn nó đổ rác ra mương đầu làng, bẩn kinh khủng", P, PA, None),
    ("giời ơi cái loa phường sáng nào cũng oang oang từ 5 giờ", P, PA, None),
    ("nỏ ai chịu dọn cái bãi rác nớ", P, PA, None),
    ("chộ nước thải chảy ra sông đen ngòm", P, PA, None),
    ("tụi nhỏ đua xe ngoài đê quá trời, hổng ai dẹp", P, PA, None),
    # ------------------------------------------------ mixed: greeting + petition, question + report
    ("chào anh chị, cho em phản ánh cái cống nhà em bị nghẹt", P, PA, None),
    ("alo xã ơi, rác ngập ngoài đầu hẻm rồi", P, PA, None),
    ("dạ con chào cô chú, nhà con bị hàng xóm lấn ranh đất", P, PA, None),
    ("xin chào, tôi muốn báo là quán karaoke cạnh nhà hát tới 2 giờ sáng", P, PA, None),
    ("cảm ơn ad, mà cho hỏi luôn: sao đường nhà tui hư cả năm chưa sửa", P, PA, None),
    ("hỏi chút: thủ tục làm sổ đỏ ở đâu, mà nói luôn là cán bộ giữ hồ sơ của tôi 5 tháng rồi", P, PA, None),
    ("cho hỏi ai quản lý cái mương này, nó bị lấp làm nước ngập vô nhà tôi", P, PA, None),
    ("xã có biết không, cây xăng đầu làng bơm thiếu đó", P, PA, None),
    ("chào xã, cho em hỏi: lệ phí chứng thực bao nhiêu, em bị thu 20 nghìn một trang có đúng không", P, PA, None),
    ("ad oi cho hoi chut, nha em mat dien 3 ngay roi ma chua ai sua", P, PA, None),
    # ------------------------------------------------ requests at the end of long letters
    ("Kính gửi UBND xã. Tôi tên là Trần Văn Bình, sinh năm 1960, ở thôn Đông. Gia đình tôi có 5 người, sống bằng "
     "nghề nông. Năm ngoái bão làm sập chuồng trại, mất hết đàn heo. Tôi đã làm đơn gửi thôn nhưng chưa được giải "
     "quyết. Nay tôi kính đề nghị xã xem xét hỗ trợ cho gia đình tôi.", P, KN, None),
    ("Thưa các anh chị. Tôi là giáo viên về hưu. Con đường từ nhà tôi ra chợ dài khoảng 1 cây số, trước đây được "
     "đổ bê tông, nay đã xuống cấp nặng, nhiều ổ gà, trời mưa đọng nước. Người già, học sinh đi lại rất khó khăn. "
     "Tôi xin phản ánh để xã có kế hoạch sửa chữa.", P, PA, None),
    ("Kính gửi Sở. Công ty chúng tôi hoạt động trong lĩnh vực cơ khí từ năm 2010, có 50 lao động. Năm nay chúng tôi "
     "muốn đầu tư dây chuyền mới nhưng thiếu thông tin về chính sách. Chúng tôi kính đề nghị Sở hướng dẫn và hỗ trợ "
     "doanh nghiệp tiếp cận chương trình đổi mới công nghệ.", P, KN, None),
    ("Kính gửi lãnh đạo xã, tôi xin trình bày: nhà tôi và nhà ông Sơn ở cạnh nhau mấy chục năm, trước nay không có "
     "chuyện gì. Tháng trước ông Sơn xây tường rào lấn sang đất nhà tôi khoảng 40 phân. Tôi đã nói nhiều lần không "
     "được. Vậy tôi làm đơn này đề nghị xã xuống đo đạc, hòa giải.", P, KN, None),
    ("Kính thưa Chủ tịch xã. Tôi là người dân thôn 2, năm nay 68 tuổi. Tôi có đọc thông báo xã sẽ tổ chức đối "
     "thoại với nhân dân. Tôi có nhiều điều muốn hỏi về việc làm đường và bồi thường. Tôi xin đăng ký tham dự buổi "
     "đối thoại và xin được phát biểu.", "dialogue_register"),
    ("Kính gửi Sở KH&CN. Tôi là giám đốc một doanh nghiệp nhỏ. Chúng tôi rất quan tâm đến chính sách hỗ trợ "
     "doanh nghiệp đổi mới sáng tạo. Được biết Sở sắp tổ chức hội nghị đối thoại, tôi xin đăng ký gửi câu hỏi: "
     "doanh nghiệp nhỏ có được hỗ trợ kinh phí thuê chuyên gia không?", "dialogue_register"),
    ("Chào xã, tôi là tổ trưởng tổ dân phố. Tổ tôi nhiều ý kiến về rác và nước thải. Tôi muốn đăng ký dự buổi "
     "đối thoại tháng tới để trình bày.", "dialogue_register"),
    ("cho tui đăng ký hỏi trực tiếp ông chủ tịch ở buổi đối thoại chuyện đền bù đất", "dialogue_register"),
    ("e muốn ghi danh dự đối thoại với lãnh đạo xã", "dialogue_register"),
    # ------------------------------------------------ help: what can I ask here / about the bot
    ("ở đây hỏi được những gì", "help"),
    ("tôi có thể gửi những việc gì qua kênh này", "help"),
    ("kênh này của ai vậy, dùng làm gì", "help"),
    ("bạn là bot hay người thật, giúp được gì", "help"),
    ("bot này có nhận phản ánh không", "help"),
    ("làm sao để dùng cái này", "help"),
    ("tui không biết xài, chỉ tui với", "help"),
    ("mình nhắn gì ở đây thì ai đọc", "help"),
    ("cach su dung kenh nay", "help"),
    ("menu đâu rồi", "help"),
    ("nhắn ở đây có ai trả lời không", "help"),
    ("có những chức năng gì", "help"),
    ("hướng dẫn tôi gửi phản ánh kèm ảnh", "help"),
    ("bấm vô đâu để gửi đơn", "help"),
    # ------------------------------------------------ smalltalk (not help)
    ("chào bạn nha", "smalltalk"),
    ("cảm ơn xã nhiều", "smalltalk"),
    ("dạ em cảm ơn ạ", "smalltalk"),
    ("hay quá, cảm ơn nhé", "smalltalk"),
    ("chúc xã mình năm mới an khang", "smalltalk"),
    ("oke cảm ơn nhen", "smalltalk"),
    ("chào buổi sáng", "smalltalk"),
    ("cam on ban", "smalltalk"),
    # ------------------------------------------------ subscription to a named subject
    ("cho tôi nhận tin về chính sách hỗ trợ hộ nghèo", "subscribe"),
    ("đăng ký nhận thông báo lịch tiêm chủng", "subscribe"),
    ("báo tôi khi có thông tin về quy hoạch đất", "subscribe"),
    ("muốn nhận tin mới về giải phóng mặt bằng", "subscribe"),
    ("có thông báo gì về lịch cúp điện thì nhắn tôi", "subscribe"),
    ("theo dõi tin về tuyển sinh lớp 1", "subscribe"),
    ("cho nhận tin về đề tài khoa học mới", "subscribe"),
    ("nhắn tôi khi có đợt hỗ trợ doanh nghiệp", "subscribe"),
    ("dang ky nhan tin ve dat dai", "subscribe"),
    ("tui muốn nhận thông báo về bão lũ", "subscribe"),
    ("gửi cho tôi tin về các chương trình khởi nghiệp", "subscribe"),
    # ------------------------------------------------ procedure questions (faq), not petitions
    ("làm giấy khai sinh cần giấy tờ gì", "faq"),
    ("đăng ký kết hôn mất mấy ngày", "faq"),
    ("sao y giấy tờ bao nhiêu tiền một trang", "faq"),
    ("xin giấy phép sửa nhà nộp ở đâu", "faq"),
    ("làm căn cước thì tới đâu", "faq"),
    ("thành lập công ty nộp hồ sơ chỗ nào", "faq"),
    ("cấp sổ đỏ lần đầu mất bao lâu", "faq"),
    ("thủ tục đăng ký hộ kinh doanh cần những gì", "faq"),
    ("trích lục khai tử làm ở đâu", "faq"),
    ("đổi bằng lái xe ở đâu", "faq"),
    ("làm hộ chiếu cần gì", "faq"),
    ("ly hôn nộp đơn ở đâu", "faq"),
    ("lương hưu lãnh ở đâu", "faq"),
    ("giấy phép kinh doanh làm ở đâu", "faq"),
    ("hồ sơ xin trợ cấp người khuyết tật gồm gì", "faq"),
    ("chứng thực hợp đồng mua bán đất mất bao lâu", "faq"),
    ("lam giay xac nhan doc than o dau", "faq"),
    ("xin cấp lại giấy khai sinh bị mất được không", "faq"),
    ("giấy phép x quang cần những hồ sơ gì", "faq"),
    ("phí đăng ký chuyển giao công nghệ bao nhiêu", "faq"),
    ("tui hỏi chút, làm khai sinh cho con có mất tiền hông", "faq"),
    ("mần giấy kết hôn ở mô", "faq"),
    ("giấy tờ chi cần mang khi chứng thực chữ ký", "faq"),
    ("còn phải dùng sổ hộ khẩu không", "faq"),
    # ------------------------------------------------ telex leftovers (keyboard without the input method)
    ("tooi muoons phanr anhs veef raacs thair", P, PA, None),
    ("dduwowngf vaof xoms bij hw", P, PA, None),
    ("caans booj xax ddoif tieenf", P, TC, None),
    ("thur tucj lamf giaays khai sinh", "faq"),
    ("xin chaof", "smalltalk"),
    ("ddawng kys nhaanj tin", "subscribe"),
    # ------------------------------------------------ status (not a new petition)
    ("đơn hôm bữa tui gửi về cái mương tới đâu rồi", "status_lookup"),
    ("răng đơn của tui gửi cả tháng rồi mà chưa thấy trả lời", "status_lookup"),
    ("phản ánh karaoke của tôi xã xử lý chưa", "status_lookup"),
]
