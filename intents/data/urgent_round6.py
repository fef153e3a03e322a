"""Round 6 (issue 12's urgent recall without diacritics): a new held-out set and its look-alikes.

Written on 2026-12-01 before any change to intents/urgent.py in this round, and committed with the first figures of
the round-5 rules on it. Nobody looks at which of its lines the rules miss or raise an alarm on, only at the totals
that bench/nlu.py prints (as typed and with the diacritics stripped).

* ``URGENT_SET5`` (held out): 60 urgent paraphrases, 15 per situation, in citizen wording: Northern, Central and
  Southern, teencode, elderly letters, long messages with the emergency in the middle, and messages typed without
  diacritics as people really type them.
* ``NOT_URGENT_ROUND6`` (held out): 44 ordinary messages with the urgent words in another sense or about a past event
  or a risk: fire-safety licences, "sập nguồn", "cháy hàng", "nợ lớn", "chạy xe", "chạy chữa", "sắp tới"…
"""

from __future__ import annotations

URGENT_SET5: list[tuple[str, str]] = [
    # radiation source lost / found
    ("Ở bãi đất trống sau trường có cái hộp kim loại dán hình ba cánh quạt màu vàng, mấy đứa nhỏ đang cạy ra coi",
     "radiation"),
    ("cty minh lam mat 1 may do do am co nguon phong xa tren cong trinh, tim ca buoi ko thay", "radiation"),
    ("Kính gửi quý cơ quan, tôi là cán bộ hưu trí, sáng nay đi tập thể dục thấy một vật hình trụ nặng trịch có ký hiệu "
     "phóng xạ nằm ven mương, tôi không dám động vào, kính mong các đồng chí cử người xuống xử lý sớm.", "radiation"),
    ("xe chở nguồn xạ trị của bệnh viện tỉnh bị tai nạn lật bên đường, thùng chì văng ra ngoài", "radiation"),
    ("Dưới quê tui có ông mua đồng nát mua được cái đầu máy gì có chữ Cs-137, ổng đang tính đập ra bán đồng",
     "radiation"),
    ("nguon phong xa o nha may thep bi mat tu toi qua, bao ve kiem kho ko thay", "radiation"),
    ("Ở bãi rác thôn tui có cái thùng sắt in hình phóng xạ, người ta bới ra rồi bỏ đó, răng mà không ai tới dọn",
     "radiation"),
    ("Máy đo bức xạ cầm tay của tôi kêu inh ỏi khi đi qua đống sắt vụn ở vựa phế liệu đầu làng", "radiation"),
    ("hàng xóm em làm nghề ve chai, hôm nay mang về 1 cái ống chì nặng có dán tem phóng xạ, cả nhà đang xúm lại xem",
     "radiation"),
    ("kẻ gian đột nhập phòng xạ trị của phòng khám tư lấy đi thiết bị chứa nguồn", "radiation"),
    ("có nước rỉ ra từ thùng chứa chất thải phóng xạ ở khu lưu giữ của viện, chảy ra cả sân", "radiation"),
    ("co thung chi ghi radioactive troi vao bo song sau tran lu, tre con dang nghich", "radiation"),
    ("Tôi làm ở công ty khảo sát dầu khí, một nguồn Ir-192 dùng chụp mối hàn không có trong container khi kiểm đếm "
     "cuối ngày", "radiation"),
    ("em thay tren facebook co nguoi dang ban thiet bi co nguon phong xa thao tu may cu, gia re", "radiation"),
    ("Ngoài nhà máy cũ bỏ hoang có mấy cái hộp in hình quạt ba cánh bị ai đó cưa đôi, bột trắng rơi ra", "radiation"),
    # fire or explosion
    ("chay nha o hem 12 duong le loi roi, cuu voi moi nguoi", "fire"),
    ("Cứu với, dãy trọ chỗ em ở đang cháy, khói đen kịt, có người kẹt trên gác", "fire"),
    ("Bên kia đường xưởng gỗ cháy to quá, lửa bốc lên cao hơn nóc nhà, chưa thấy cứu hỏa đâu", "fire"),
    ("alo 114 chua, cho cho dem o dau cau dang chay lan sang day ki ot ben canh", "fire"),
    ("Tôi đang trên đường đi làm, thấy xe tải chở gas phía trước bốc khói rồi nổ đùng một cái, mọi người đang chạy",
     "fire"),
    ("Kính gửi UBND xã, tôi xin báo nhà ông Tư xóm dưới đang cháy, ông bà già còn ở trong, xin cử người hỗ trợ gấp",
     "fire"),
    ("Trời ơi cháy rừng keo trên núi lan xuống gần nhà dân rồi, mấy nhà ở chân đồi đang di tản", "fire"),
    ("chung cu toa B tang 9 boc chay, khoi lan ca cau thang bo, nguoi dan dang thao chay", "fire"),
    ("Chuyện là nhà tui mở tiệm tạp hóa, mới nãy nghe tiếng nổ lớn ở nhà kế bên, giờ lửa trùm hết rồi, mọi người gọi "
     "cứu hỏa giùm", "fire"),
    ("Xe khách đang chạy trên cao tốc thì bốc cháy ở km 45, hành khách đang chen nhau xuống", "fire"),
    ("no binh ga o quan lau duong 3/2, lua chay lon, co nguoi bi bong", "fire"),
    ("Ở xóm tôi một căn nhà ống đang bốc hỏa dữ dội, xe chữa cháy không vào được hẻm nhỏ", "fire"),
    ("Nhà máy hóa chất ở khu công nghiệp vừa xảy ra vụ nổ, khói vàng bay về phía khu dân cư", "fire"),
    ("mn oi cháy ở chợ đêm r, lửa to lắm, ai ở gần tránh xa ra", "fire"),
    ("Thưa các anh, sáng nay đang họp tổ dân phố thì thấy khói lửa bốc lên ở kho phế liệu cạnh đình, giờ đã cháy sang "
     "mái đình, mong các anh đến ngay", "fire"),
    # violence in progress
    ("co may thang cam dao rua dang ruot chem nhau o cho, nguoi ta chay tan loan", "violence"),
    ("Chồng con bé nhà bên đang đánh nó thâm tím mặt mày, nó kêu cứu mà không ai dám vào", "violence"),
    ("Ê mn, ở quán nhậu đầu hẻm 12 đang có đánh nhau to, 1 ông bị chai đập vô đầu chảy máu", "violence"),
    ("Kính gửi công an phường, tôi đang ở cửa hàng điện thoại trên đường Lê Duẩn, có hai thanh niên vừa rút súng ra đe "
     "dọa nhân viên và lấy điện thoại", "violence"),
    ("Tui thấy một ông lạ mặt ôm một đứa nhỏ khoảng 3 tuổi lên ô tô, đứa nhỏ khóc thét, mẹ nó đang chạy theo la",
     "violence"),
    ("nhom thanh nien dua xe mang theo kiem dang chem nguoi di duong o cau vuot", "violence"),
    ("Ở trước cổng chợ có mấy o đánh ghen, lột đồ người ta, đánh đập dữ quá, ai can cũng không được", "violence"),
    ("Tôi là bảo vệ trường mầm non, có một người đàn ông say xỉn đang cầm dao đứng trước cổng đòi vào bắt con",
     "violence"),
    ("bo chong dang danh me toi, me toi nam bat tinh roi, cuu voi", "violence"),
    ("Có tiếng súng nổ liên tục ở khu biệt thự gần nhà, nghe như bắn nhau, dân đang trốn trong nhà", "violence"),
    ("Giang hồ đòi nợ đang vây nhà em, tụi nó ném đá, đạp cửa, dọa đốt nhà", "violence"),
    ("Hôm nay đi chợ về, tôi thấy một nhóm người đang đánh một anh shipper ngay giữa ngã tư, anh ấy nằm gục rồi mà tụi "
     "nó vẫn đá", "violence"),
    ("có thằng đang dí dao vào cổ một cô gái ở trạm xe buýt, đòi tiền", "violence"),
    ("hai nhom hoc sinh dang hon chien bang gay go truoc cong truong, co em bi vo dau", "violence"),
    ("Ông hàng xóm tâm thần đang cầm rựa chém lung tung, chém cả chó nhà tôi, mọi người chạy hết vào nhà đóng cửa",
     "violence"),
    # collapsed structure
    ("nha 3 tang dang xay o to 4 vua sap, nghe noi co tho ben trong", "collapse"),
    ("Cứu với, trần nhà kho vừa đổ xuống, có mấy người làm công bị kẹt dưới đống gạch", "collapse"),
    ("Tại công trường đường ống, thành hố đào bị sạt vùi hai công nhân, đang đào bới tìm", "collapse"),
    ("Cây cổ thụ trước trường ngã đè lên mấy xe máy đang đậu, có một chị bị đè dưới cành", "collapse"),
    ("Mưa lớn quá, đất trên đồi sạt xuống trùm lên hai nóc nhà ở bản, chưa liên lạc được với người trong nhà",
     "collapse"),
    ("Ở khu tập thể cũ, nguyên cái ban công tầng 4 rớt xuống, trúng người đi bên dưới", "collapse"),
    ("cau treo qua suoi o thon 3 vua dut, may nguoi dang di tren cau rot xuong suoi", "collapse"),
    ("Xin báo khẩn: hầm lò than ở mỏ xã Đồng Tâm bị sập, nhiều thợ mỏ chưa lên được", "collapse"),
    ("Dạ thưa, tôi ở gần chợ, cái mái che bằng tôn của chợ bị gió bốc lên rồi sập xuống mấy sạp hàng, có người bị "
     "thương", "collapse"),
    ("tuong rao cong ty ben canh do ap xuong nguoi dang di bo, nguoi ta dang keo nguoi ra", "collapse"),
    ("Ủa mn, cái nhà cũ kế bên tui mới sụm xuống cái rầm, nghe có tiếng người kêu bên trong", "collapse"),
    ("Đường trước nhà tự nhiên sụt một hố sâu hoắm, một chiếc ô tô con bị rơi xuống đó", "collapse"),
    ("Giàn giáo bên tòa nhà đang thi công đổ xuống đường, đè lên mấy chiếc xe đang chờ đèn đỏ", "collapse"),
    ("nha dan o mep song bi lu cuon mat nua can, trong nha con 2 ong ba gia", "collapse"),
    ("Kính gửi đồng chí chủ tịch, sáng nay trời mưa to, lớp học tạm bằng tre của điểm trường bản Nậm Sa đã đổ sập "
     "trong giờ học, các thầy cô đang cố đưa các em ra, mong xã cho người lên ngay", "collapse"),
]

NOT_URGENT_ROUND6: list[str] = [
    "cho em hoi thu tuc xin giay chung nhan du dieu kien ve phong chay chua chay cho quan karaoke",
    "Quán cà phê của tôi rộng 80 m2 có cần thẩm duyệt PCCC không",
    "laptop cua toi cu sap nguon hoai, bao hanh o dau",
    "Tiệm bánh mì của tôi cháy hàng mỗi sáng, muốn mở thêm chi nhánh thì đăng ký ở đâu",
    "gia dinh toi dang no lon ngan hang, co chinh sach ho tro gi khong",
    "Xe buýt tuyến 12 chạy ẩu, phóng nhanh vượt ẩu qua khu dân cư",
    "chay xe qua cau moi xay co thu phi khong",
    "Hàng xóm nợ tiền tôi 2 năm không trả, tôi muốn khởi kiện",
    "nha hang xom sap xay xong, co lan sang dat nha toi",
    "Khu trọ chúng tôi không có lối thoát hiểm, lỡ cháy thì không biết chạy đường nào",
    "Vụ cháy ở chợ trung tâm huyện năm 2019 đã bồi thường xong cho tiểu thương chưa",
    "đường dây điện trước nhà hay tóe lửa khi trời mưa, đề nghị điện lực kiểm tra",
    "mấy ông chạy xe ôm công nghệ đậu lấn hết lòng đường trước cổng chợ",
    "Cho hỏi xe chữa cháy có được ưu tiên qua trạm thu phí không",
    "thang truoc nha kho cua xa bi chay, den nay chua co kinh phi xay lai",
    "Tường trường học bị nứt, sợ mùa mưa này sập",
    "Giá lúa sập sàn, bà con nông dân lỗ nặng, đề nghị tỉnh có chính sách thu mua",
    "Ông chủ thầu nợ lương công nhân ba tháng rồi bỏ chạy",
    "tui bi may dua ru danh bac thua het tien, gio no chong chat",
    "Nhà văn hóa ấp bị sập mái từ hồi bão số 9, chừng nào mới sửa",
    "Mạng của xã sập suốt, nộp hồ sơ trực tuyến không được",
    "Tôi bị ô tô quẹt ngã xe tuần trước, tài xế bỏ chạy, đã trình báo nhưng chưa có kết quả",
    "xin hỏi muốn kinh doanh gas bình thì cần giấy phép gì về phòng cháy nổ",
    "Anh chị cho hỏi, đăng ký tham gia đội PCCC cơ sở ở tổ dân phố thế nào",
    "Con tôi bị bạn đánh ở trường hồi học kỳ 1, giờ cháu sợ không dám đi học",
    "Nhóm thanh niên tụ tập hút thuốc, chửi thề ở công viên mỗi tối",
    "thu tuc xin tro cap cho ho bi lu cuon troi nha nam ngoai",
    "tour tham quan làng nghề của xã cháy vé ngay ngày đầu, đề nghị mở thêm đợt",
    "nhà tôi bị thấm dột, trần thạch cao sắp rơi xuống, đề nghị chủ đầu tư sửa",
    "Chủ xe tải chạy chở đất làm bụi mù mịt cả con đường",
    "lo cau khi qua kenh co ngay sap, de nghi xay cau be tong",
    "Trạm biến áp đầu hẻm nổ cầu chì hoài, cứ mưa là mất điện",
    "chạy thận ở bệnh viện huyện phải chờ lâu, đề nghị tăng máy",
    "Con trai tôi nợ nần, bọn cho vay nặng lãi gọi điện dọa nạt, tôi muốn tố cáo",
    "Cháy rừng năm ngoái làm mất 3 ha keo của gia đình, xin hỏi có được hỗ trợ không",
    "ba me toi gia roi, chay chua khap noi ma benh khong giam, co duoc ho tro BHYT khong",
    "Tôi muốn khiếu nại việc bị phạt vì không trang bị bình chữa cháy",
    "Lễ hội pháo hoa năm nay bắn ở đâu, mấy giờ",
    "sap toi co dot tiem phong cho tre em o tram y te khong",
    "Đèn pha xe tải chiếu chói mắt, chạy nhanh trong ngõ, nguy hiểm cho trẻ con",
    "Sau trận cháy chợ tháng 3, tiểu thương vẫn chưa được bố trí chỗ bán mới",
    "dien thoai cua toi bi no pin, shop khong chiu bao hanh",
    "Xin hỏi thủ tục cấp lại giấy khai sinh bị cháy mất trong vụ hỏa hoạn",
    "cong ty toi no thue lon qua, xin gian no duoc khong",
]
