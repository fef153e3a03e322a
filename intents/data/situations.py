"""Hand-written petition situations for the training-data generator (intents/data/build.py).

Each entry: (topic, kind, variants) where variants are alternative phrasings of ONE real-world situation
separated by " | ".  The generator splits train/dev by situation, so no situation appears in both.
"""

PETITIONS: list[tuple[str, str, str]] = [
    # ---------------------------------------------------------------- đo lường, chất lượng, nhãn, mã vạch
    ("do_luong_chat_luong", "phan_anh",
     "cân điện tử ở chợ Đầm bán thiếu, mua 1kg thịt về cân lại chỉ được 8 lạng | mấy sạp ở chợ dùng cân gian, "
     "mua một ký mà về cân lại thiếu gần hai lạng | tiểu thương chợ phường dùng cân bị chỉnh, người mua bị thiệt"),
    ("do_luong_chat_luong", "phan_anh",
     "cây xăng trên quốc lộ bơm thiếu, đồng hồ nhảy số nhưng đổ vào can đo lại không đủ | đổ 5 lít xăng ở cây xăng "
     "gần nhà mà đong lại chỉ được hơn 4 lít rưỡi | nghi cột bơm xăng ở cửa hàng xăng dầu bị gian lận đo lường"),
    ("do_luong_chat_luong", "phan_anh",
     "đồng hồ nước nhà tôi mới thay mà chỉ số tăng bất thường, tháng này hóa đơn gấp ba | công tơ nước chạy cả khi "
     "khóa hết vòi, nghi đồng hồ chưa được kiểm định | đồng hồ đo nước quay nhanh bất thường, tiền nước tăng vọt"),
    ("do_luong_chat_luong", "phan_anh",
     "công tơ điện nhà trọ chủ nhà tự lắp không có tem kiểm định, tính tiền điện rất cao | chủ trọ lắp công tơ điện "
     "con không rõ nguồn gốc, số điện nhảy nhanh bất thường"),
    ("do_luong_chat_luong", "phan_anh",
     "siêu thị bán sữa bột không có nhãn phụ tiếng Việt, không ghi hạn sử dụng | nhiều sản phẩm nhập khẩu ở cửa hàng "
     "không có nhãn phụ tiếng Việt | hàng hóa bày bán không ghi xuất xứ, nhãn toàn tiếng nước ngoài"),
    ("do_luong_chat_luong", "phan_anh",
     "mua mũ bảo hiểm ngoài chợ có tem hợp quy nhưng vỏ mỏng, bóp là vỡ | mũ bảo hiểm bán tràn lan ven đường không đạt "
     "chuẩn, dán tem hợp quy giả | mũ bảo hiểm kém chất lượng bán ở chợ, đội vào không an toàn"),
    ("do_luong_chat_luong", "phan_anh",
     "taxi ở sân bay chạy đồng hồ tính tiền nhảy nhanh bất thường | đồng hồ tính cước taxi nhảy số quá nhanh, "
     "đi 5 km mà tính như 8 km"),
    ("do_luong_chat_luong", "phan_anh",
     "quét mã vạch trên gói bánh thì ra công ty khác, không đúng nhà sản xuất ghi trên bao bì | mã số mã vạch in "
     "trên sản phẩm không tra cứu được | sản phẩm dùng mã vạch của doanh nghiệp khác"),
    ("do_luong_chat_luong", "phan_anh",
     "bình gas mua về nhẹ hơn hẳn, cân lại thiếu gần 1 ký gas | gas bán cho dân bị thiếu khối lượng so với ghi trên vỏ"),
    ("do_luong_chat_luong", "to_cao",
     "cơ sở sản xuất nước mắm ở thôn 3 dán nhãn giả thương hiệu lớn và in mã vạch giả | một xưởng ở khu công nghiệp "
     "đóng gói hàng rồi dán nhãn, mã vạch giả để bán ra thị trường | cơ sở ông Tư làm giả tem nhãn, mã vạch của hãng khác"),
    ("do_luong_chat_luong", "to_cao",
     "cửa hàng xăng dầu của ông Hùng cố tình lắp chip điện tử vào cột bơm để ăn gian xăng của khách | chủ cây xăng "
     "cài thiết bị gian lận đo lường vào trụ bơm"),
    ("do_luong_chat_luong", "to_cao",
     "trung tâm kiểm định ở huyện cấp tem kiểm định cân mà không kiểm tra thực tế, chỉ thu tiền rồi dán tem | nhân viên "
     "đơn vị kiểm định bán tem kiểm định cho tiểu thương không cần mang cân đến"),
    ("do_luong_chat_luong", "khieu_nai",
     "công ty tôi bị xử phạt 20 triệu vì nhãn hàng hóa thiếu thông tin nhưng thực tế nhãn đã ghi đủ theo quy định | "
     "doanh nghiệp em bị phạt vì nhãn sản phẩm, em thấy quyết định phạt không đúng | bị lập biên bản xử phạt về nhãn "
     "hàng hóa oan, chúng tôi không đồng ý với quyết định xử phạt"),
    ("do_luong_chat_luong", "khieu_nai",
     "hồ sơ công bố hợp quy của công ty tôi bị trả lại hai lần không nêu rõ lý do | Sở từ chối tiếp nhận bản công bố "
     "hợp quy của doanh nghiệp tôi mà không giải thích | công bố hợp chuẩn bị bác không có căn cứ"),
    ("do_luong_chat_luong", "khieu_nai",
     "cửa hàng tôi bị tịch thu 3 chiếc cân với lý do chưa kiểm định trong khi tem kiểm định vẫn còn hạn | đoàn kiểm "
     "tra thu giữ cân của tôi dù có giấy kiểm định còn hiệu lực"),
    ("do_luong_chat_luong", "kien_nghi",
     "Sở nên đặt thêm các điểm cân đối chứng ở các chợ để người dân tự kiểm tra | đề xuất mỗi chợ có một cân đối "
     "chứng công khai | mong các chợ lớn được bố trí cân kiểm tra cho người mua"),
    ("do_luong_chat_luong", "kien_nghi",
     "cần tổ chức tập huấn cho doanh nghiệp nhỏ về ghi nhãn hàng hóa theo nghị định mới | mong Sở có lớp hướng dẫn "
     "ghi nhãn hàng hóa miễn phí cho hộ kinh doanh"),
    ("do_luong_chat_luong", "kien_nghi",
     "đề nghị rút ngắn thời gian cấp mã số mã vạch và giảm phí duy trì cho hợp tác xã | phí duy trì mã số mã vạch "
     "hằng năm nên giảm cho doanh nghiệp siêu nhỏ"),
    # ---------------------------------------------------------------- sở hữu trí tuệ
    ("so_huu_tri_tue", "phan_anh",
     "một cửa hàng gần nhà dùng tên và logo giống hệt nhãn hiệu cà phê của tôi đã được bảo hộ | bên kia dùng nhãn "
     "hiệu gần giống của chúng tôi, khách hàng nhầm lẫn | thương hiệu của cơ sở tôi bị người khác sử dụng trái phép"),
    ("so_huu_tri_tue", "phan_anh",
     "trên chợ mạng bán tràn lan hàng nhái nhãn hiệu đặc sản của địa phương | sản phẩm mang chỉ dẫn địa lý của tỉnh "
     "bị làm nhái bán trên sàn thương mại điện tử | nhiều nơi gắn mác đặc sản vùng mình mà không phải hàng thật"),
    ("so_huu_tri_tue", "phan_anh",
     "hồ sơ đăng ký nhãn hiệu nộp hơn 18 tháng vẫn chưa có kết quả thẩm định | đơn đăng ký nhãn hiệu của tôi chờ quá "
     "lâu chưa được cấp văn bằng | nộp đơn bảo hộ nhãn hiệu gần hai năm vẫn im lặng"),
    ("so_huu_tri_tue", "phan_anh",
     "một trang web đăng lại toàn bộ sách của tôi để bán mà không xin phép | tác phẩm ảnh của tôi bị công ty khác "
     "dùng làm quảng cáo không trả bản quyền | phần mềm chúng tôi viết bị sao chép và bán lại"),
    ("so_huu_tri_tue", "to_cao",
     "công ty Minh Phát sản xuất và bán sản phẩm xâm phạm sáng chế mà chúng tôi đã được cấp bằng độc quyền | một "
     "doanh nghiệp cố ý làm giả kiểu dáng công nghiệp sản phẩm của chúng tôi để bán | tôi tố cáo cơ sở X làm hàng "
     "giả mạo nhãn hiệu đã được bảo hộ"),
    ("so_huu_tri_tue", "to_cao",
     "có đối tượng mạo danh đại diện sở hữu công nghiệp, thu tiền làm hồ sơ nhãn hiệu rồi bỏ trốn | một văn phòng "
     "tư vấn nhận tiền đăng ký bảo hộ nhãn hiệu nhưng không nộp hồ sơ, lừa nhiều hộ kinh doanh"),
    ("so_huu_tri_tue", "khieu_nai",
     "đơn đăng ký nhãn hiệu của tôi bị từ chối với lý do trùng, nhưng nhãn kia khác hẳn về hình và chữ | tôi không "
     "đồng ý với thông báo từ chối bảo hộ nhãn hiệu vừa nhận | nhãn hiệu của công ty bị từ chối cấp văn bằng một cách "
     "vô lý"),
    ("so_huu_tri_tue", "khieu_nai",
     "cơ sở tôi bị xử phạt vì cho rằng xâm phạm nhãn hiệu trong khi tôi dùng tên này từ trước | quyết định xử phạt "
     "hành chính về sở hữu công nghiệp đối với hộ kinh doanh của tôi là không đúng"),
    ("so_huu_tri_tue", "kien_nghi",
     "Sở nên hỗ trợ kinh phí đăng ký nhãn hiệu cho các hợp tác xã và sản phẩm OCOP | đề nghị có chương trình hỗ trợ "
     "xác lập quyền sở hữu trí tuệ cho sản phẩm đặc sản địa phương | mong tỉnh hỗ trợ phí đăng ký nhãn hiệu tập thể"),
    ("so_huu_tri_tue", "kien_nghi",
     "nên mở lớp hướng dẫn tra cứu nhãn hiệu trước khi nộp đơn cho doanh nghiệp nhỏ | đề xuất Sở tổ chức tư vấn sở "
     "hữu trí tuệ miễn phí định kỳ cho người khởi nghiệp"),
    # ---------------------------------------------------------------- bức xạ, hạt nhân
    ("buc_xa_hat_nhan", "phan_anh",
     "phòng khám tư gần nhà đặt máy chụp X-quang sát vách nhà dân, không có biển cảnh báo bức xạ | phòng chụp X quang "
     "của phòng khám không có cửa chì, tôi lo bị nhiễm xạ | phòng X-quang mở cửa khi chụp, người chờ đứng ngay cạnh"),
    ("buc_xa_hat_nhan", "phan_anh",
     "thấy một thiết bị có biểu tượng phóng xạ bị vứt ở bãi phế liệu đầu làng | bãi sắt vụn có thùng kim loại dán ký "
     "hiệu phóng xạ, người dân rất lo | phát hiện vật nghi là nguồn phóng xạ ở cơ sở thu mua phế liệu"),
    ("buc_xa_hat_nhan", "phan_anh",
     "nhân viên chụp X-quang ở bệnh viện huyện không đeo liều kế, không có áo chì cho bệnh nhân | kỹ thuật viên X "
     "quang làm việc không có thiết bị bảo hộ bức xạ"),
    ("buc_xa_hat_nhan", "phan_anh",
     "nhà máy gần khu dân cư dùng thiết bị đo phóng xạ công nghiệp, dân không được thông báo về an toàn | công ty "
     "thép dùng nguồn phóng xạ trong dây chuyền mà không có biển báo khu vực"),
    ("buc_xa_hat_nhan", "to_cao",
     "phòng khám nha khoa Hưng Thịnh dùng máy chụp X quang không có giấy phép tiến hành công việc bức xạ | cơ sở nha "
     "khoa đang vận hành máy X-quang chưa được cấp phép, tôi tố cáo | một phòng khám tự ý lắp máy CT không có giấy phép"),
    ("buc_xa_hat_nhan", "to_cao",
     "công ty kiểm tra không phá hủy làm mất nguồn phóng xạ nhưng giấu không báo cáo | doanh nghiệp để thất lạc nguồn "
     "phóng xạ rồi che giấu sự việc"),
    ("buc_xa_hat_nhan", "khieu_nai",
     "hồ sơ xin cấp giấy phép tiến hành công việc bức xạ của phòng khám tôi bị trả lại lần thứ ba không rõ lý do | "
     "giấy phép sử dụng thiết bị X-quang của cơ sở tôi bị từ chối gia hạn, tôi không đồng ý | phòng khám bị đình chỉ "
     "máy X quang dù đã khắc phục xong"),
    ("buc_xa_hat_nhan", "khieu_nai",
     "tôi bị phạt vì nhân viên bức xạ chưa có chứng chỉ trong khi chứng chỉ đã được cấp từ tháng trước | quyết định "
     "xử phạt về an toàn bức xạ với cơ sở chúng tôi căn cứ sai thông tin"),
    ("buc_xa_hat_nhan", "kien_nghi",
     "đề nghị công khai danh sách cơ sở X-quang đã được cấp phép để người dân biết | nên có bản đồ các phòng chụp "
     "X quang được cấp phép an toàn bức xạ trên web của Sở | mong Sở đăng danh sách cơ sở y tế có giấy phép bức xạ"),
    ("buc_xa_hat_nhan", "kien_nghi",
     "Sở nên tổ chức lớp đào tạo an toàn bức xạ tại tỉnh để nhân viên khỏi phải ra Hà Nội học | đề xuất mở lớp cấp "
     "chứng chỉ nhân viên bức xạ ngay tại địa phương"),
    # ---------------------------------------------------------------- khoa học công nghệ
    ("khoa_hoc_cong_nghe", "phan_anh",
     "đề tài cấp tỉnh của nhóm tôi đã nghiệm thu từ năm ngoái mà kinh phí đợt cuối vẫn chưa được cấp | kinh phí "
     "nhiệm vụ khoa học công nghệ giải ngân quá chậm, nhóm phải tự ứng tiền | tiền thực hiện đề tài chậm cả năm"),
    ("khoa_hoc_cong_nghe", "phan_anh",
     "thông báo tuyển chọn nhiệm vụ khoa học đăng quá muộn, chỉ còn 5 ngày để nộp hồ sơ | hạn nộp hồ sơ đề xuất "
     "đề tài quá gấp, thông tin đăng không ai biết | đợt đặt hàng nhiệm vụ khoa học năm nay thông báo sát hạn"),
    ("khoa_hoc_cong_nghe", "phan_anh",
     "kết quả nhiều đề tài nghiên cứu nghiệm thu xong rồi cất tủ, không được ứng dụng | đề tài khoa học tốn tiền tỷ "
     "mà không ai dùng kết quả"),
    ("khoa_hoc_cong_nghe", "phan_anh",
     "vườn ươm khởi nghiệp đổi mới sáng tạo của tỉnh đóng cửa suốt, các nhóm startup không vào làm việc được | trung "
     "tâm hỗ trợ khởi nghiệp không có người trực, thiết bị hỏng"),
    ("khoa_hoc_cong_nghe", "to_cao",
     "chủ nhiệm đề tài kê khống chứng từ, thuê khoán chuyên môn không có thật để rút kinh phí | một đề tài cấp tỉnh "
     "sử dụng hóa đơn giả để quyết toán | tôi tố cáo việc lập chứng từ khống trong đề tài khoa học"),
    ("khoa_hoc_cong_nghe", "to_cao",
     "hội đồng tuyển chọn đề tài có thành viên là người nhà của chủ nhiệm, chấm điểm thiên vị | việc xét chọn nhiệm "
     "vụ khoa học có dấu hiệu thông đồng, đề tài đã định sẵn người thắng"),
    ("khoa_hoc_cong_nghe", "to_cao",
     "một công ty được chứng nhận doanh nghiệp khoa học và công nghệ nhờ khai khống doanh thu sản phẩm để hưởng ưu "
     "đãi thuế | doanh nghiệp KH&CN gian lận hồ sơ để được miễn thuế"),
    ("khoa_hoc_cong_nghe", "khieu_nai",
     "hồ sơ đề xuất đề tài của trường tôi bị loại ngay vòng hành chính với lý do thiếu chữ ký, nhưng hồ sơ có đủ | "
     "tôi không đồng ý với kết quả xét chọn nhiệm vụ khoa học năm nay | đề tài của nhóm tôi bị đánh trượt thiếu căn cứ"),
    ("khoa_hoc_cong_nghe", "khieu_nai",
     "công ty tôi bị từ chối cấp giấy chứng nhận doanh nghiệp khoa học và công nghệ dù đủ điều kiện | Sở trả hồ sơ "
     "chứng nhận doanh nghiệp KH&CN của chúng tôi mà không nói rõ thiếu gì"),
    ("khoa_hoc_cong_nghe", "khieu_nai",
     "kết quả nghiệm thu đề tài của tôi bị xếp loại không đạt, tôi cho rằng hội đồng đánh giá không khách quan | "
     "quyết định thu hồi kinh phí đề tài đối với tôi là không thỏa đáng"),
    ("khoa_hoc_cong_nghe", "kien_nghi",
     "nên có quỹ hỗ trợ các dự án khởi nghiệp đổi mới sáng tạo của sinh viên trong tỉnh | đề xuất tỉnh lập quỹ đổi "
     "mới sáng tạo cho nhóm trẻ | mong có chính sách hỗ trợ vốn mồi cho startup"),
    ("khoa_hoc_cong_nghe", "kien_nghi",
     "đề nghị đơn giản hóa thủ tục thanh quyết toán kinh phí đề tài khoa học, áp dụng khoán chi | thủ tục quyết toán "
     "đề tài nên gọn lại, cho khoán chi đến sản phẩm cuối cùng"),
    ("khoa_hoc_cong_nghe", "kien_nghi",
     "Sở nên đặt hàng nhiều đề tài ứng dụng cho nông nghiệp hơn là nghiên cứu lý thuyết | kiến nghị ưu tiên nhiệm vụ "
     "khoa học giải quyết vấn đề thực tế của nông dân"),
    # ---------------------------------------------------------------- chuyển giao công nghệ
    ("chuyen_giao_cong_nghe", "phan_anh",
     "công ty chuyển giao dây chuyền sấy nông sản cho hợp tác xã nhưng lắp xong không vận hành được, không ai hướng "
     "dẫn | hợp tác xã nhận chuyển giao công nghệ mà bên bán không đào tạo kỹ thuật | công nghệ được chuyển giao chạy "
     "không đạt công suất như cam kết"),
    ("chuyen_giao_cong_nghe", "phan_anh",
     "một nhà máy trong khu công nghiệp nhập dây chuyền cũ lạc hậu, khói bụi rất nhiều | doanh nghiệp đưa thiết bị "
     "công nghệ cũ từ nước ngoài về dùng, gây ô nhiễm"),
    ("chuyen_giao_cong_nghe", "phan_anh",
     "hồ sơ đăng ký hợp đồng chuyển giao công nghệ nộp gần hai tháng chưa có giấy chứng nhận | chờ cấp giấy chứng "
     "nhận đăng ký chuyển giao công nghệ quá lâu"),
    ("chuyen_giao_cong_nghe", "to_cao",
     "công ty X khai khống giá trị hợp đồng chuyển giao công nghệ để chuyển tiền ra nước ngoài | doanh nghiệp lợi "
     "dụng hợp đồng chuyển giao công nghệ để trốn thuế | hợp đồng chuyển giao công nghệ giả để rút vốn"),
    ("chuyen_giao_cong_nghe", "to_cao",
     "doanh nghiệp nhập khẩu công nghệ thuộc danh mục cấm chuyển giao mà vẫn hoạt động | nhà máy đang dùng công "
     "nghệ bị cấm chuyển giao"),
    ("chuyen_giao_cong_nghe", "khieu_nai",
     "hồ sơ đăng ký chuyển giao công nghệ của công ty tôi bị từ chối vì cho rằng công nghệ lạc hậu, tôi không đồng ý | "
     "thẩm định công nghệ dự án của chúng tôi kết luận không đạt là sai"),
    ("chuyen_giao_cong_nghe", "khieu_nai",
     "công ty bị phạt vì chưa đăng ký hợp đồng chuyển giao công nghệ trong khi hợp đồng thuộc diện không bắt buộc | "
     "quyết định xử phạt về chuyển giao công nghệ đối với doanh nghiệp tôi là chưa đúng"),
    ("chuyen_giao_cong_nghe", "kien_nghi",
     "nên hỗ trợ nông dân tiếp cận công nghệ bảo quản sau thu hoạch, chuyển giao tận thôn | đề xuất có chương trình "
     "chuyển giao công nghệ chế biến cho hợp tác xã | mong Sở đưa kỹ thuật mới về cho bà con vùng sâu"),
    ("chuyen_giao_cong_nghe", "kien_nghi",
     "Sở nên có sàn giao dịch công nghệ trực tuyến để doanh nghiệp nhỏ tìm công nghệ phù hợp | kiến nghị tổ chức "
     "chợ công nghệ và thiết bị hằng năm ở tỉnh"),
    # ---------------------------------------------------------------- dịch vụ công trực tuyến
    ("dich_vu_cong_truc_tuyen", "phan_anh",
     "cổng dịch vụ công báo lỗi khi tải file đính kèm, nộp hồ sơ mãi không được | không upload được file pdf lên cổng "
     "dịch vụ công, cứ báo lỗi hệ thống | nộp hồ sơ trực tuyến tới bước đính kèm thì trang web bị treo"),
    ("dich_vu_cong_truc_tuyen", "phan_anh",
     "thanh toán lệ phí trực tuyến bị trừ tiền trong tài khoản nhưng hồ sơ vẫn báo chưa thanh toán | đã chuyển phí "
     "qua cổng thanh toán mà hệ thống không ghi nhận | trừ tiền hai lần khi nộp phí online"),
    ("dich_vu_cong_truc_tuyen", "phan_anh",
     "đăng nhập cổng dịch vụ công bằng VNeID không được, báo tài khoản không hợp lệ | không đăng nhập được dịch vụ công "
     "bằng tài khoản định danh điện tử | mã OTP đăng nhập dịch vụ công không về điện thoại"),
    ("dich_vu_cong_truc_tuyen", "phan_anh",
     "biểu mẫu trên website của Sở vẫn là mẫu cũ, nộp lên bị trả vì sai mẫu | website Sở để mẫu đơn hết hiệu lực "
     "mà không cập nhật | đường link tải biểu mẫu trên trang web bị hỏng"),
    ("dich_vu_cong_truc_tuyen", "phan_anh",
     "nộp hồ sơ trực tuyến rồi nhưng vẫn bị yêu cầu mang bản giấy đến nộp lại | đã nộp online mà bộ phận một cửa "
     "vẫn bắt nộp bản cứng, vậy nộp trực tuyến để làm gì | làm dịch vụ công trực tuyến xong vẫn phải lên trực tiếp"),
    ("dich_vu_cong_truc_tuyen", "phan_anh",
     "tra cứu hồ sơ trên phần mềm một cửa điện tử thì trạng thái không cập nhật, gọi lên thì bảo đã xong | phần mềm "
     "một cửa hiển thị sai tình trạng hồ sơ | trạng thái hồ sơ trên hệ thống một cửa sai lệch với thực tế"),
    ("dich_vu_cong_truc_tuyen", "phan_anh",
     "ký số hồ sơ trên cổng dịch vụ công báo lỗi chữ ký số không hợp lệ dù chứng thư còn hạn | không ký số được khi "
     "nộp hồ sơ online"),
    ("dich_vu_cong_truc_tuyen", "khieu_nai",
     "hồ sơ trực tuyến của tôi bị từ chối với lý do file mờ, nhưng file rõ nét và đúng mẫu | hồ sơ nộp online bị trả "
     "về không có lý do cụ thể, tôi không đồng ý | bị từ chối tiếp nhận hồ sơ qua mạng một cách vô lý"),
    ("dich_vu_cong_truc_tuyen", "khieu_nai",
     "tôi đã nộp phí online đầy đủ nhưng hồ sơ bị hủy vì quá hạn thanh toán, yêu cầu khôi phục | hồ sơ của công ty "
     "bị hủy trên hệ thống dù đã nộp lệ phí"),
    ("dich_vu_cong_truc_tuyen", "kien_nghi",
     "nên cho phép nộp hồ sơ trực tuyến bằng ảnh chụp điện thoại thay vì bắt scan | đề xuất cổng dịch vụ công chấp "
     "nhận ảnh chụp giấy tờ | mong hệ thống cho tải file dung lượng lớn hơn"),
    ("dich_vu_cong_truc_tuyen", "kien_nghi",
     "cổng dịch vụ công nên có hướng dẫn bằng video và giao diện đơn giản cho người lớn tuổi | đề nghị làm app dịch "
     "vụ công dễ dùng hơn trên điện thoại | kiến nghị bổ sung tính năng nhắn tin báo kết quả hồ sơ qua Zalo"),
    ("dich_vu_cong_truc_tuyen", "kien_nghi",
     "nên tích hợp thanh toán qua ví điện tử và mã QR trên cổng dịch vụ công | đề xuất cho thanh toán lệ phí bằng "
     "quét mã QR ngân hàng"),
    # ---------------------------------------------------------------- viễn thông, CNTT, bưu chính
    ("vien_thong_cntt", "phan_anh",
     "ngày nào cũng nhận mấy cuộc gọi rác quảng cáo bất động sản, tin nhắn rác lừa đảo | sim bị spam tin nhắn quảng "
     "cáo và cuộc gọi lừa đảo liên tục | tin nhắn rác, cuộc gọi rác làm phiền suốt ngày"),
    ("vien_thong_cntt", "phan_anh",
     "sóng điện thoại ở xóm tôi rất yếu, gọi phải ra đầu ngõ, internet 4G gần như không có | thôn vùng sâu mất sóng "
     "di động, học sinh không học online được | khu dân cư mới chưa có cáp quang, mạng chập chờn"),
    ("vien_thong_cntt", "phan_anh",
     "nhà mạng dựng trạm BTS ngay trên nóc nhà dân sát trường mầm non, phụ huynh rất lo | cột ăng ten viễn thông "
     "xây sát khu dân cư không thông báo | trạm phát sóng mới lắp cạnh nhà mà không ai hỏi ý kiến"),
    ("vien_thong_cntt", "phan_anh",
     "bưu phẩm gửi từ tháng trước đến giờ chưa tới, bưu điện không trả lời | bưu kiện bị thất lạc, nhân viên bưu chính "
     "đùn đẩy | hàng gửi qua bưu điện bị bóc và mất đồ bên trong"),
    ("vien_thong_cntt", "phan_anh",
     "dây cáp viễn thông chằng chịt, sà xuống thấp trên đường làng, rất nguy hiểm | cáp mạng và cáp truyền hình rủ "
     "xuống mặt đường, xe tải đi qua vướng | dây điện thoại đứt treo lủng lẳng trước cổng trường"),
    ("vien_thong_cntt", "phan_anh",
     "sóng phát thanh lạ gây nhiễu đài FM, nghe toàn tiếng rè | có đài phát không phép gây can nhiễu tần số | "
     "tín hiệu bộ đàm của tàu cá bị nhiễu sóng"),
    ("vien_thong_cntt", "to_cao",
     "có người dùng thiết bị phát sóng giả trạm BTS để phát tán tin nhắn lừa đảo ở khu chợ | một xe ô tô chở thiết "
     "bị phát tin nhắn rác giả danh ngân hàng | tôi tố cáo đối tượng dùng trạm phát sóng giả"),
    ("vien_thong_cntt", "to_cao",
     "một cửa hàng sim bán sim đã kích hoạt sẵn thông tin người khác, sim rác tràn lan | đại lý viễn thông đăng ký "
     "thuê bao bằng giấy tờ của người khác | cơ sở bán sim kích hoạt sẵn không chính chủ"),
    ("vien_thong_cntt", "to_cao",
     "một trang web mạo danh cổng thông tin của tỉnh để lừa người dân nộp tiền | có website giả mạo trang của Sở "
     "thu thập thông tin cá nhân | fanpage giả danh cơ quan nhà nước lừa đảo"),
    ("vien_thong_cntt", "khieu_nai",
     "tôi bị xử phạt vì sử dụng tần số vô tuyến điện không có giấy phép, nhưng thiết bị bộ đàm của tôi được miễn giấy "
     "phép | quyết định phạt về tần số với tàu cá của tôi không đúng | tôi không đồng ý bị phạt về sử dụng bộ đàm"),
    ("vien_thong_cntt", "khieu_nai",
     "thuê bao của tôi bị khóa hai chiều vì cho rằng thông tin không chính chủ dù tôi đã chuẩn hóa | nhà mạng khóa "
     "sim của tôi vô lý, tôi đã cập nhật căn cước rồi"),
    ("vien_thong_cntt", "kien_nghi",
     "đề nghị có chương trình hướng dẫn chuyển đổi số cho hộ kinh doanh nhỏ ở chợ | nên tổ chức lớp dạy người cao "
     "tuổi dùng điện thoại thông minh, thanh toán không tiền mặt | mong có tổ công nghệ số cộng đồng hỗ trợ tận nhà"),
    ("vien_thong_cntt", "kien_nghi",
     "kiến nghị nhà mạng phủ sóng 4G cho các xã miền núi, xây thêm trạm phát sóng | nên ưu tiên kéo cáp quang về "
     "trường học vùng sâu"),
    ("vien_thong_cntt", "kien_nghi",
     "đề xuất hạ ngầm cáp viễn thông ở trung tâm thành phố cho mỹ quan và an toàn | các nhà mạng nên dùng chung cột, "
     "bó gọn cáp"),
    # ---------------------------------------------------------------- thái độ phục vụ (cán bộ)
    ("thai_do_phuc_vu", "phan_anh",
     "cán bộ bộ phận một cửa gây khó khăn, bắt bổ sung giấy tờ nhiều lần mà không nói một lần cho đủ | nhân viên một "
     "cửa mỗi lần đến lại đòi thêm một loại giấy | tôi đi lại năm lần vì cán bộ hướng dẫn không đầy đủ"),
    ("thai_do_phuc_vu", "phan_anh",
     "cán bộ tiếp nhận hồ sơ có thái độ hách dịch, quát tháo người dân | nhân viên ở quầy tiếp nhận nói năng cộc cằn, "
     "thiếu tôn trọng người lớn tuổi | chị cán bộ ở bộ phận một cửa lớn tiếng với dân"),
    ("thai_do_phuc_vu", "phan_anh",
     "hồ sơ của tôi trễ hẹn hơn một tháng mà không có văn bản xin lỗi hay thông báo | quá hạn trả kết quả mà không ai "
     "giải thích | giấy hẹn ghi ngày trả kết quả nhưng đến hẹn lại bảo về chờ tiếp"),
    ("thai_do_phuc_vu", "phan_anh",
     "giờ hành chính mà không có ai ở bàn tiếp nhận, chờ cả buổi sáng | cán bộ đi làm muộn, về sớm, dân ngồi chờ | "
     "đến nộp hồ sơ lúc 3 giờ chiều mà phòng đóng cửa"),
    ("thai_do_phuc_vu", "phan_anh",
     "gọi đường dây nóng của Sở nhiều lần không ai nghe máy | số điện thoại hỗ trợ ghi trên website không bao giờ "
     "liên lạc được | hotline không ai bắt máy cả tuần"),
    ("thai_do_phuc_vu", "phan_anh",
     "cán bộ vừa tiếp dân vừa bấm điện thoại, nói chuyện riêng, không quan tâm người đang hỏi | nhân viên làm việc "
     "riêng trong giờ, để dân chờ"),
    ("thai_do_phuc_vu", "to_cao",
     "cán bộ ở bộ phận một cửa gợi ý phải bồi dưỡng thì hồ sơ mới nhanh | nhân viên tiếp nhận đòi 2 triệu tiền cà phê "
     "mới giải quyết hồ sơ | tôi tố cáo cán bộ vòi tiền khi làm thủ tục"),
    ("thai_do_phuc_vu", "to_cao",
     "cán bộ thanh tra đo lường nhận phong bì của chủ cây xăng rồi bỏ qua vi phạm | đoàn kiểm tra nhận tiền của cơ sở "
     "vi phạm để không lập biên bản | ông trưởng đoàn kiểm tra thị trường nhận hối lộ"),
    ("thai_do_phuc_vu", "to_cao",
     "một chuyên viên của Sở giới thiệu dịch vụ làm hồ sơ ngoài giá cao, ai không dùng thì bị làm khó | cán bộ móc "
     "nối với công ty tư vấn, ép doanh nghiệp dùng dịch vụ"),
    ("thai_do_phuc_vu", "khieu_nai",
     "cán bộ từ chối nhận hồ sơ của tôi bằng miệng, không có phiếu từ chối, không nêu lý do | tôi bị trả hồ sơ mà "
     "không có văn bản nêu lý do | cán bộ không tiếp nhận đơn của tôi, tôi không đồng ý với việc làm đó"),
    ("thai_do_phuc_vu", "khieu_nai",
     "tôi đã gửi đơn từ hai tháng trước, quá thời hạn giải quyết mà cơ quan không trả lời, nay khiếu nại việc không "
     "giải quyết | đơn của tôi quá hạn luật định mà không được thụ lý"),
    ("thai_do_phuc_vu", "kien_nghi",
     "nên lắp camera và máy đánh giá mức độ hài lòng ở quầy một cửa | đề xuất có nút đánh giá cán bộ sau mỗi lần "
     "làm thủ tục | mong bộ phận một cửa có hệ thống xếp hàng lấy số tự động"),
    ("thai_do_phuc_vu", "kien_nghi",
     "kiến nghị bố trí làm việc sáng thứ bảy để người đi làm có thể nộp hồ sơ | nên mở cửa tiếp nhận cả giờ trưa "
     "cho công nhân | mong có buổi làm việc ngoài giờ cho người lao động"),
    ("thai_do_phuc_vu", "kien_nghi",
     "đề nghị công khai số điện thoại và tên cán bộ phụ trách từng thủ tục | nên có bảng tên cán bộ ở từng quầy để "
     "người dân biết ai đang giải quyết"),
    # ---------------------------------------------------------------- khác
    ("khac", "phan_anh",
     "đường vào thôn tôi xuống cấp, ổ gà khắp nơi, trời mưa không đi được | con đường liên xã hư hỏng nặng lâu rồi | "
     "đường đất vào xóm lầy lội mùa mưa"),
    ("khac", "phan_anh",
     "bãi rác tự phát cạnh chợ bốc mùi hôi thối, không ai thu gom | rác thải đổ trộm ven sông gây ô nhiễm | khu dân "
     "cư không có xe thu gom rác cả tuần"),
    ("khac", "phan_anh",
     "quán karaoke hát đến 1 giờ sáng, cả xóm không ngủ được | hàng xóm mở nhạc quá to ban đêm | tiếng ồn từ xưởng "
     "gỗ làm đêm ảnh hưởng cả khu"),
    ("khac", "phan_anh",
     "đèn đường trong khu phố hỏng cả tháng chưa ai sửa, tối đi rất nguy hiểm | đèn chiếu sáng ở ngõ tắt lâu ngày"),
    ("khac", "to_cao",
     "hàng xóm xây nhà lấn chiếm lối đi chung, báo xã mãi không giải quyết | nhà bên cạnh xây lấn sang đất nhà tôi"),
    ("khac", "to_cao",
     "trưởng thôn thu tiền đóng góp làm đường nhưng không công khai chi tiêu | cán bộ thôn tự đặt ra khoản thu của dân "
     "rồi không minh bạch"),
    ("khac", "khieu_nai",
     "gia đình tôi không đồng ý với mức bồi thường khi thu hồi đất làm dự án | quyết định thu hồi đất nhà tôi không "
     "thỏa đáng, giá đền bù quá thấp"),
    ("khac", "khieu_nai",
     "tôi bị cắt trợ cấp người cao tuổi mà không được thông báo lý do | mẹ tôi bị dừng chi trả trợ cấp xã hội vô lý"),
    ("khac", "kien_nghi",
     "nên xây thêm sân chơi cho trẻ em trong khu dân cư | đề xuất làm nhà văn hóa cho thôn | mong xã có thêm công "
     "viên cho người già tập thể dục"),
    ("khac", "kien_nghi",
     "kiến nghị lắp đèn tín hiệu giao thông ở ngã tư trước trường học | nên có vạch qua đường và gờ giảm tốc trước "
     "cổng trường"),
]

# petitions that say only that the person wants to send something: kind from the verb, topic khac
BARE: list[tuple[str, str]] = [
    ("phan_anh", "tôi muốn phản ánh | cho tôi phản ánh một việc | em muốn gửi phản ánh ạ | phản ánh | tôi có việc cần "
                 "phản ánh với Sở | làm sao để gửi phản ánh ạ | mình muốn phản ánh chút chuyện | tôi cần phản ánh gấp"),
    ("kien_nghi", "tôi muốn kiến nghị | tôi có kiến nghị | em xin góp ý | tôi muốn góp ý với Sở | cho tôi gửi một "
                  "kiến nghị | tôi có đề xuất muốn gửi | muốn gửi góp ý ạ | góp ý"),
    ("khieu_nai", "tôi muốn khiếu nại | cho tôi gửi đơn khiếu nại | em cần khiếu nại ạ | tôi khiếu nại | tôi muốn làm "
                  "đơn khiếu nại | khiếu nại | tôi cần khiếu nại một quyết định"),
    ("to_cao", "tôi muốn tố cáo | tôi cần tố cáo một vụ việc | cho tôi gửi đơn tố cáo | tố cáo | em muốn tố cáo sai "
               "phạm | tôi có thông tin muốn tố giác"),
]

# more situations: contrasting kinds inside the same field
PETITIONS += [
    ("do_luong_chat_luong", "phan_anh",
     "đồng hồ điện tử ở trạm cân xe tải cho kết quả chênh nhiều so với cân ở nhà máy | trạm cân ô tô ở cảng cân "
     "sai lệch, xe chở nông sản bị thiệt | cân xe tải ở điểm thu mua cân không chuẩn"),
    ("do_luong_chat_luong", "phan_anh",
     "nước đóng bình giao tận nhà có cặn, vỏ bình cũ bẩn, không có tem nhãn | bình nước uống giao tới nhà không "
     "nhãn mác, không rõ cơ sở sản xuất"),
    ("do_luong_chat_luong", "kien_nghi",
     "nên công khai danh sách cây xăng vi phạm đo lường để người dân tránh | đề nghị Sở đăng tên các cửa hàng "
     "xăng dầu bị xử phạt về đo lường lên website"),
    ("do_luong_chat_luong", "to_cao",
     "một đại lý ở chợ đầu mối tự ý thay tem kiểm định cũ bằng tem giả rồi bán cân cho tiểu thương | cửa hàng "
     "bán cân đồng hồ dán tem kiểm định giả"),
    ("so_huu_tri_tue", "phan_anh",
     "các quán karaoke phát nhạc có bản quyền không xin phép, nhạc sĩ địa phương bị ảnh hưởng | nhiều cơ sở kinh "
     "doanh dùng nhạc, phim không trả phí bản quyền"),
    ("so_huu_tri_tue", "kien_nghi",
     "đề nghị xây dựng nhãn hiệu chứng nhận cho gạo đặc sản của huyện | nên đăng ký nhãn hiệu tập thể cho làng "
     "nghề gốm để chống làm nhái"),
    ("buc_xa_hat_nhan", "phan_anh",
     "nhà tôi sát phòng chụp CT của bệnh viện tư, tường mỏng, không biết có an toàn không | tôi lo về bức xạ từ "
     "phòng máy chụp cắt lớp ngay cạnh nhà"),
    ("buc_xa_hat_nhan", "to_cao",
     "cơ sở thu mua phế liệu của ông Tâm cố tình mua bán thiết bị chứa nguồn phóng xạ để tháo lấy kim loại | một "
     "bãi phế liệu lén nấu chảy thiết bị có nguồn phóng xạ"),
    ("khoa_hoc_cong_nghe", "phan_anh",
     "website của Sở không công bố kết quả xét chọn đề tài, người nộp không biết mình đỗ hay trượt | kết quả "
     "tuyển chọn nhiệm vụ khoa học không được công khai"),
    ("khoa_hoc_cong_nghe", "kien_nghi",
     "mong tỉnh có giải thưởng sáng tạo kỹ thuật cho nông dân và học sinh | đề xuất tổ chức cuộc thi ý tưởng "
     "khởi nghiệp đổi mới sáng tạo hằng năm cho thanh niên"),
    ("chuyen_giao_cong_nghe", "phan_anh",
     "hợp tác xã mua công nghệ sản xuất phân vi sinh nhưng bên chuyển giao không bàn giao quy trình như hợp đồng | "
     "bên bán công nghệ không giao tài liệu kỹ thuật như đã ký"),
    ("chuyen_giao_cong_nghe", "khieu_nai",
     "doanh nghiệp tôi bị từ chối hỗ trợ kinh phí đổi mới công nghệ dù hồ sơ đáp ứng đủ tiêu chí | hồ sơ xin hỗ "
     "trợ đổi mới công nghệ của công ty bị loại vô lý"),
    ("dich_vu_cong_truc_tuyen", "phan_anh",
     "tin nhắn báo hồ sơ đã có kết quả nhưng lên nhận thì chưa có gì | hệ thống nhắn tin báo kết quả sai, đi lại "
     "mất công | nhận SMS báo xong hồ sơ mà đến nơi lại bảo chưa ký"),
    ("dich_vu_cong_truc_tuyen", "phan_anh",
     "hướng dẫn nộp hồ sơ trên cổng dịch vụ công viết khó hiểu, người lớn tuổi không làm được | các bước khai "
     "hồ sơ trực tuyến quá phức tạp, bấm mãi không tới"),
    ("dich_vu_cong_truc_tuyen", "to_cao",
     "có nhóm trên mạng mạo danh cổng dịch vụ công, gửi đường link giả để lấy tài khoản ngân hàng | trang giả "
     "mạo dịch vụ công lừa người dân nhập mã OTP"),
    ("vien_thong_cntt", "phan_anh",
     "tin nhắn quảng cáo cờ bạc, cho vay nặng lãi gửi liên tục về số của tôi | ngày nào cũng nhận tin nhắn mời "
     "vay tiền, đánh bạc online"),
    ("vien_thong_cntt", "phan_anh",
     "nhân viên giao bưu phẩm tự ý thu thêm phí khi giao hàng | bưu tá đòi thêm tiền ship ngoài giá niêm yết | "
     "người giao bưu kiện thu phụ phí không có hóa đơn"),
    ("vien_thong_cntt", "khieu_nai",
     "công ty tôi bị thu hồi giấy phép bưu chính vì cho rằng không báo cáo, nhưng chúng tôi đã báo cáo đúng hạn | "
     "quyết định thu hồi giấy phép bưu chính của doanh nghiệp tôi là sai"),
    ("thai_do_phuc_vu", "phan_anh",
     "cán bộ hướng dẫn mỗi người một kiểu, hỏi hai người thì hai câu trả lời khác nhau | nhân viên một cửa trả "
     "lời không thống nhất, người dân không biết nghe ai"),
    ("thai_do_phuc_vu", "phan_anh",
     "tôi hỏi qua email của Sở ba tuần rồi không ai hồi âm | gửi thư điện tử cho Sở hỏi thủ tục mà không được "
     "trả lời"),
    ("thai_do_phuc_vu", "to_cao",
     "chuyên viên phòng quản lý nhận tiền của doanh nghiệp để thông báo trước lịch kiểm tra | cán bộ báo trước "
     "cho cơ sở vi phạm biết đoàn sắp kiểm tra để lấy tiền"),
    ("thai_do_phuc_vu", "kien_nghi",
     "nên có hộp thư góp ý và đường dây nóng được trực thật sự ở bộ phận một cửa | đề xuất tổ chức khảo sát sự "
     "hài lòng của người dân mỗi quý"),
    ("khac", "phan_anh",
     "cống thoát nước trước nhà bị tắc, mưa là ngập cả đường | nước thải tràn ra đường mỗi khi mưa lớn"),
    ("khac", "kien_nghi",
     "đề nghị tỉnh có xe buýt đến các khu công nghiệp cho công nhân | nên mở thêm tuyến xe buýt về các xã xa"),
    ("khac", "to_cao",
     "một nhóm người khai thác cát trái phép ban đêm trên sông | có tàu hút cát lậu trên sông gần thôn"),
    ("khac", "khieu_nai",
     "hồ sơ xin hỗ trợ hộ nghèo của gia đình tôi bị loại dù đủ điều kiện | nhà tôi bị đưa ra khỏi danh sách hộ "
     "cận nghèo không có lý do"),
]

# third pass: proposals and denunciations in every field (the kinds most often confused with phản ánh)
PETITIONS += [
    ("do_luong_chat_luong", "kien_nghi",
     "nên lắp bảng điện tử công khai kết quả kiểm tra chất lượng xăng dầu tại các cửa hàng | mong Sở cho dán mã "
     "QR tra cứu kết quả kiểm định trên mỗi cột bơm"),
    ("so_huu_tri_tue", "to_cao",
     "một cơ sở in bao bì lén in nhãn hiệu của hãng nước giải khát để bán cho người làm hàng giả | xưởng in trái "
     "phép bao bì mang nhãn hiệu nổi tiếng"),
    ("buc_xa_hat_nhan", "kien_nghi",
     "mong tỉnh trang bị thêm thiết bị đo phóng xạ cầm tay cho lực lượng quản lý thị trường và hải quan | đề "
     "nghị có đội ứng phó sự cố bức xạ ở cấp tỉnh"),
    ("khoa_hoc_cong_nghe", "to_cao",
     "giám đốc trung tâm ứng dụng khoa học làm khống hồ sơ hội thảo để rút tiền ngân sách | trung tâm tổ chức hội "
     "thảo ma để chiếm đoạt kinh phí khoa học"),
    ("chuyen_giao_cong_nghe", "kien_nghi",
     "nên có chính sách cho doanh nghiệp nhỏ vay ưu đãi để mua công nghệ mới | đề nghị hỗ trợ lãi suất khi doanh "
     "nghiệp đầu tư đổi mới công nghệ"),
    ("dich_vu_cong_truc_tuyen", "kien_nghi",
     "nên cho phép tra cứu tình trạng hồ sơ bằng số căn cước thay vì mã hồ sơ dài | đề xuất gửi mã hồ sơ qua tin "
     "nhắn để người dân khỏi phải ghi chép"),
    ("vien_thong_cntt", "to_cao",
     "một nhóm đối tượng thuê nhà dân đặt thiết bị phát sóng trái phép để gửi tin nhắn quảng cáo cá độ | nhà trọ "
     "cạnh tôi có người lắp máy phát tin nhắn rác trái phép"),
    ("thai_do_phuc_vu", "to_cao",
     "cán bộ tiếp nhận ăn chặn tiền lệ phí, thu của dân nhưng không xuất biên lai | nhân viên một cửa thu tiền "
     "không đưa biên lai, bỏ túi riêng"),
    ("thai_do_phuc_vu", "kien_nghi",
     "đề nghị bố trí ghế ngồi, nước uống và quạt ở khu chờ của bộ phận một cửa | nên cải tạo phòng chờ, người già "
     "phải đứng cả buổi"),
    ("khac", "kien_nghi",
     "nên trồng thêm cây xanh dọc tuyến đường mới mở | đề xuất tỉnh làm đường dành cho xe đạp ở trung tâm"),
]

# commune-level life (rubbish, noise, land, illegal building, civil registration, roads, animals, pollution):
# not this agency's field but still petitions (topic khac); the bot files them and staff forward them.
# (Written to differ in specifics from intents/data/freeform_dev.py, which must stay unseen.)
PETITIONS += [
    ("khac", "phan_anh",
     "người ta chở rác công trình đổ xuống bờ sông sau chợ, nước sông đen và hôi | túi nilon, vỏ chai vứt đầy "
     "bờ hồ điều hòa, không ai vớt | khu đất trống sau trường tiểu học biến thành chỗ vứt rác, mùa nắng bốc mùi"),
    ("khac", "phan_anh",
     "đóng phí vệ sinh đủ mà tháng này công nhân môi trường chỉ đến lấy rác có hai lần | điểm tập kết rác đặt ngay "
     "cổng chợ, nước rỉ rác chảy lênh láng | thùng rác công cộng đầy tràn mấy ngày, chó mèo bới tung ra đường"),
    ("khac", "phan_anh",
     "quán karaoke trong ngõ hát đến 1 giờ sáng, loa mở hết cỡ | đám cưới nhà bên mở loa karaoke từ sáng tới tối "
     "ba ngày liền | tiếng hát karaoke vọng qua tường suốt buổi trưa, con tôi ôn thi không nổi"),
    ("khac", "phan_anh",
     "xưởng cơ khí trong khu dân cư chạy máy mài từ 5 giờ sáng, tiếng rít chói tai | tiếng máy dập của xưởng tôn "
     "làm cả tổ dân phố đau đầu | công trình ép cọc bê tông chạy cả ban đêm, nhà rung bần bật"),
    ("khac", "phan_anh",
     "sân bóng mini bật đèn và hò hét tới gần nửa đêm | quán bi-a mở nhạc xập xình tới khuya, thanh niên tụ tập "
     "ồn ào | cửa hàng điện máy đặt loa quảng cáo ra vỉa hè mở suốt ngày"),
    ("khac", "phan_anh",
     "hộ bên cạnh xây nhà vệ sinh đè lên phần lối đi chung của ba gia đình | nhà phía sau tự ý dời cột mốc ranh "
     "giới, lấn sang vườn của mẹ tôi | đất của gia đình tôi bị cấp sổ trùng cho người khác"),
    ("khac", "phan_anh",
     "một hộ dựng ki ốt bán hàng trên hành lang an toàn đường bộ, không ai xử lý | có người dựng nhà xưởng trên đất "
     "rừng sản xuất mà không có giấy phép xây dựng | khu đất quy hoạch công viên bị phân lô xây nhà trái phép"),
    ("khac", "phan_anh",
     "nhà đang xây đổ cát đá chiếm hết lòng hẻm, xe không đi được | công trình xây dựng không che chắn, gạch vữa "
     "rơi sang mái nhà tôi | xe bồn chở bê tông rơi vãi khắp đường trước cổng công trình"),
    ("khac", "phan_anh",
     "đăng ký khai tử cho bố tôi ở phường mà cán bộ tư pháp bảo chờ, gần 10 ngày chưa xong | làm thủ tục nhận cha "
     "con ở xã bị hẹn lên hẹn xuống | hồ sơ thay đổi họ tên trong giấy khai sinh nộp ở phường quá hẹn mà chưa có"),
    ("khac", "phan_anh",
     "xin giấy xác nhận tình trạng hôn nhân để làm hồ sơ vay vốn mà ủy ban phường giữ gần một tháng | cải chính "
     "ngày sinh trong sổ hộ tịch chậm quá, lỡ cả hạn nộp hồ sơ đi học của con | đăng ký giám hộ cho mẹ già mà "
     "phường để hồ sơ quá hạn"),
    ("khac", "phan_anh",
     "xe tải chở vật liệu cày nát con đường nông thôn mới vừa làm xong | đường đất vào khu sản xuất lầy lội, "
     "máy cày không vào được | đoạn đê bao ven sông bị sạt, mùa lũ tới là ngập ruộng"),
    ("khac", "phan_anh",
     "nắp cống trên vỉa hè bị vỡ, để hở miệng cống rất nguy hiểm cho trẻ em | mương thoát nước khu dân cư bị lấp "
     "để làm đường, nước thải tràn ra sân nhà | kênh nội đồng bị bèo và rác bít kín, nước không thoát được"),
    ("khac", "phan_anh",
     "lò mổ gia súc trong xóm xả máu và nước rửa ra mương, mùi hôi tanh cả ngày | cơ sở nuôi gà công nghiệp sát "
     "vách nhà dân, ruồi nhặng bu đầy mâm cơm | bãi chứa phân bò bên đường làng bốc mùi"),
    ("khac", "phan_anh",
     "trâu bò thả rông trên quốc lộ ban đêm, đã có người đâm vào | vịt thả đồng ăn hết lúa mới sạ của nhà tôi"),
    ("khac", "phan_anh",
     "cây xanh ven đường mục gốc, nghiêng hẳn sang phía nhà dân, mùa bão rất nguy hiểm | cành cây cổ thụ trước "
     "trường gãy treo lơ lửng mấy hôm chưa ai cắt"),
    ("khac", "phan_anh",
     "ô tô đậu kín lối đi trong hẻm, xe cứu hỏa không vào được | quán cà phê bày bàn ghế chiếm gần hết vỉa hè"),
    ("khac", "phan_anh",
     "cơ sở tái chế nhựa đốt phế liệu, khói đen khét lẹt bay khắp thôn | bãi rác của xã đốt lộ thiên mỗi chiều, "
     "khói độc bay vào trường mầm non"),
    ("khac", "to_cao",
     "chủ tịch xã cho người thân thuê đất công ích giá rẻ rồi cho thuê lại kiếm lời | cán bộ xã ký xác nhận nguồn "
     "gốc đất sai sự thật để người quen được cấp sổ"),
    ("khac", "to_cao",
     "kế toán xã lập danh sách khống để nhận tiền hỗ trợ thiên tai | tiền hỗ trợ người dân sau bão bị cắt xén, "
     "người nhận ký nhận nhiều hơn số tiền thực"),
    ("khac", "to_cao",
     "một nhóm người khai thác cát trái phép trên sông ban đêm, sạt lở đất vườn dân | xe chở đất đá khai thác lậu "
     "chạy suốt đêm qua làng"),
    ("khac", "khieu_nai",
     "xã phạt tôi vì xây chuồng bò trên đất vườn nhà mình, tôi thấy quyết định này không đúng | tôi bị lập biên bản "
     "xây dựng sai phép trong khi tôi chỉ sửa lại mái nhà cũ"),
    ("khac", "khieu_nai",
     "con tôi bị từ chối chế độ miễn giảm học phí dù gia đình có sổ cận nghèo | mẹ tôi đủ 80 tuổi mà hồ sơ trợ "
     "cấp người cao tuổi bị trả về không rõ lý do"),
    ("khac", "khieu_nai",
     "ủy ban xã từ chối cấp giấy xác nhận cư trú cho tôi dù tôi ở đây mười năm | xã không chịu chứng thực giấy tờ "
     "cho tôi mà không nói lý do"),
    ("khac", "kien_nghi",
     "đề nghị xã bố trí thêm thùng rác công cộng và lịch thu gom cố định | nên đặt điểm tập kết rác xa khu dân cư"),
    ("khac", "kien_nghi",
     "đề nghị quy định giờ hát karaoke trong khu dân cư và xử lý nghiêm các hộ vi phạm | mong chính quyền ban hành "
     "quy ước giữ yên tĩnh sau 10 giờ đêm"),
    ("khac", "kien_nghi",
     "mong xã công khai quy hoạch sử dụng đất để người dân biết | đề nghị niêm yết bản đồ quy hoạch tại nhà văn "
     "hóa thôn"),
]
