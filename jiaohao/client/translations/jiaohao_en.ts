<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ApiError</name>
    <message>
        <source>无法连接服务器，请检查网络或联系管理员</source>
        <translation>Cannot reach the server. Check the network or call the administrator.</translation>
    </message>
    <message>
        <source>服务器响应超时，请稍后重试</source>
        <translation>The server did not answer in time. Please try again.</translation>
    </message>
    <message>
        <source>尚未找到服务器，正在搜索…</source>
        <translation>Looking for the server…</translation>
    </message>
    <message>
        <source>服务器返回的数据无法识别，请联系管理员</source>
        <translation>The server sent an answer this device does not understand. Call the administrator.</translation>
    </message>
</context>
<context>
    <name>HallBrowser</name>
    <message>
        <source>网络上发现多个大厅：{halls}。请在设备设置中指定大厅编号（hall）</source>
        <translation>Several halls found on the network: {halls}. Set the hall id (hall) in this device&apos;s settings.</translation>
    </message>
</context>
<context>
    <name>HallConnection</name>
    <message>
        <source>正在查找服务器…</source>
        <translation>Looking for the server…</translation>
    </message>
    <message>
        <source>服务器已离线，正在重新查找…</source>
        <translation>The server went offline. Looking for it again…</translation>
    </message>
    <message>
        <source>本设备尚未配置设备令牌，请联系管理员（jiaohao admin device add）</source>
        <translation>This device has no device token yet. Ask the administrator (jiaohao admin device add).</translation>
    </message>
    <message>
        <source>与服务器的连接已断开，正在重新连接…</source>
        <translation>Connection to the server lost. Reconnecting…</translation>
    </message>
    <message>
        <source>已恢复与服务器的连接</source>
        <translation>Connection to the server restored.</translation>
    </message>
</context>
<context>
    <name>Kiosk</name>
    <message>
        <source>正在连接服务器…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <source>正在取号…</source>
        <translation>Getting your number…</translation>
    </message>
    <message>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>确定取号</source>
        <translation>Get my number</translation>
    </message>
    <message>
        <source>该业务每人限取一号</source>
        <translation>One number per person for this service</translation>
    </message>
    <message>
        <source>请输入您的手机号或身份证号，仅用于防止重复取号</source>
        <translation>Enter your mobile or ID card number. It is only used to prevent duplicate numbers.</translation>
    </message>
    <message>
        <source>请输入预约短信中的预约码（字母和数字）</source>
        <translation>Enter the code from your appointment text message (letters and digits)</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>预约签到</source>
        <translation>Appointment check-in</translation>
    </message>
    <message>
        <source>前面没有人等候，请留意叫号</source>
        <translation>Nobody is ahead of you. Please listen for your number.</translation>
    </message>
    <message>
        <source>前面还有 {n} 人，预计等候约 {m} 分钟</source>
        <translation>{n} ahead of you, about {m} min wait</translation>
    </message>
    <message>
        <source>办理窗口：{windows}</source>
        <translation>Served at: {windows}</translation>
    </message>
    <message>
        <source>取号成功，正在打印号票…</source>
        <translation>Here is your number. Printing your ticket…</translation>
    </message>
    <message>
        <source>取号成功，请取走号票</source>
        <translation>Here is your number. Please take your ticket.</translation>
    </message>
    <message>
        <source>完成，返回首页</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>打印机仓盖打开，未能打印号票</source>
        <translation>The printer cover is open: no ticket was printed</translation>
    </message>
    <message>
        <source>打印机无应答，号票可能未打出</source>
        <translation>The printer did not answer: your ticket may not have printed</translation>
    </message>
    <message>
        <source>打印机离线，未能打印号票</source>
        <translation>The printer is offline: no ticket was printed</translation>
    </message>
    <message>
        <source>打印机缺纸，未能打印号票</source>
        <translation>The printer is out of paper: no ticket was printed</translation>
    </message>
    <message>
        <source>绿色通道</source>
        <translation>Priority service</translation>
    </message>
    <message>
        <source>请在等候区就座，留意叫号屏和语音广播</source>
        <translation>Please take a seat and watch the screens for your number.</translation>
    </message>
    <message>
        <source>请用手机扫码或拍照记下您的号码</source>
        <translation>Scan the code with your phone or take a photo of your number.</translation>
    </message>
    <message>
        <source>请用手机扫码，随时查看排队进度</source>
        <translation>Scan to follow the queue on your phone</translation>
    </message>
    <message>
        <source>预约</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <source>已在网上预约，输入预约码</source>
        <translation>Booked online? Enter your code</translation>
    </message>
    <message>
        <source>无需等候</source>
        <translation>No waiting</translation>
    </message>
    <message>
        <source>暂停办理</source>
        <translation>Not available now</translation>
    </message>
    <message>
        <source>暂停取号</source>
        <translation>Ticketing paused</translation>
    </message>
    <message>
        <source>暂停取号：{reason}</source>
        <translation>Not available: {reason}</translation>
    </message>
    <message>
        <source>正在检查打印机…</source>
        <translation>Checking the printer…</translation>
    </message>
    <message>
        <source>等候 {n} 人 · 约 {m} 分钟</source>
        <translation>{n} waiting · about {m} min</translation>
    </message>
    <message>
        <source>系统正在自动重试，恢复后即可取号。如需帮助请咨询工作人员。</source>
        <translation>The kiosk keeps retrying and will be back by itself. Staff can help you meanwhile.</translation>
    </message>
    <message>
        <source>绿色通道 · 优先办理</source>
        <translation>Priority service</translation>
    </message>
    <message>
        <source>老年人、残疾人、军人等优先</source>
        <translation>Seniors, disabled people, service members</translation>
    </message>
    <message>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <source>请选择要办理的业务</source>
        <translation>Please choose a service</translation>
    </message>
    <message>
        <source>适用于老年人、残疾人、军人、孕妇等。请选择业务，到窗口时出示相关证件。</source>
        <translation>For seniors, disabled people, service members, pregnant women and others. Choose a service and show your document at the counter.</translation>
    </message>
    <message>
        <source>{m}月{d}日 {weekday}</source>
        <translation>{weekday} {d}/{m}</translation>
    </message>
    <message>
        <source>大字模式</source>
        <translation>Large text</translation>
    </message>
    <message>
        <source>标准字号</source>
        <translation>Normal text</translation>
    </message>
    <message>
        <source>打印机仓盖打开：号码将显示在屏幕上，请用手机扫码或拍照记下</source>
        <translation>Printer cover open: your number will be shown on screen. Scan it or take a photo.</translation>
    </message>
    <message>
        <source>打印机无应答：号码将显示在屏幕上，请用手机扫码或拍照记下</source>
        <translation>Printer not answering: your number will be shown on screen. Scan it or take a photo.</translation>
    </message>
    <message>
        <source>打印机暂不可用：号码将显示在屏幕上，请用手机扫码或拍照记下</source>
        <translation>Printer unavailable: your number will be shown on screen. Scan it or take a photo.</translation>
    </message>
    <message>
        <source>打印机缺纸：号码将显示在屏幕上，请用手机扫码或拍照记下</source>
        <translation>Printer out of paper: your number will be shown on screen. Scan it or take a photo.</translation>
    </message>
    <message>
        <source>本机未连接打印机：号码将显示在屏幕上，请用手机扫码或拍照记下</source>
        <translation>No printer here: your number will be shown on screen. Scan it or take a photo.</translation>
    </message>
    <message>
        <source>星期一</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>星期二</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>星期三</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>星期四</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>星期五</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>星期六</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>星期日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>自助取号</source>
        <translation>Self-service tickets</translation>
    </message>
    <message>
        <source>不在取号时间</source>
        <translation>outside opening hours</translation>
    </message>
    <message>
        <source>今日号源已取完</source>
        <translation>no more numbers today</translation>
    </message>
</context>
<context>
    <name>KioskServer</name>
    <message>
        <source>no_green_channel</source>
        <translation>This service has no priority channel. Please take a normal number.</translation>
    </message>
    <message>
        <source>appointment_not_found</source>
        <translation>No appointment with this code. Please check it and try again.</translation>
    </message>
    <message>
        <source>appointment_too_early</source>
        <translation>Your appointment slot has not started yet. Please check in closer to your time.</translation>
    </message>
    <message>
        <source>appointment_too_late</source>
        <translation>Your appointment slot has passed.</translation>
    </message>
    <message>
        <source>appointment_used</source>
        <translation>This appointment code has already been used.</translation>
    </message>
    <message>
        <source>appointment_wrong_day</source>
        <translation>This appointment is not for today.</translation>
    </message>
    <message>
        <source>holder_required</source>
        <translation>One number per person for this service: enter your mobile or ID number.</translation>
    </message>
    <message>
        <source>already_holding</source>
        <translation>You already hold a number for this service. Please wait to be called.</translation>
    </message>
    <message>
        <source>service_closed</source>
        <translation>This service is not issuing numbers at this time.</translation>
    </message>
    <message>
        <source>daily_cap_reached</source>
        <translation>No more numbers today for this service. Please come back tomorrow or book online.</translation>
    </message>
    <message>
        <source>service_required</source>
        <translation>Please choose a service.</translation>
    </message>
    <message>
        <source>notice</source>
        <translation>Your appointment could not be used now, so you have a normal number.</translation>
    </message>
</context>
<context>
    <name>DisplayScreen</name>
    <message>
        <source>星期一</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>星期二</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>星期三</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>星期四</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>星期五</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>星期六</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>星期日</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <source>正在连接服务器…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <source>语音播报故障：{detail}</source>
        <translation>Voice announcements failed: {detail}</translation>
    </message>
</context>
<context>
    <name>HallScreen</name>
    <message>
        <source>正在叫号</source>
        <translation>Now calling</translation>
    </message>
    <message>
        <source>重呼</source>
        <translation>Calling again</translation>
    </message>
    <message>
        <source>等候叫号</source>
        <translation>Waiting for calls</translation>
    </message>
    <message>
        <source>请到 {window}</source>
        <translation>Please go to {window}</translation>
    </message>
    <message>
        <source>最近叫号</source>
        <translation>Recent calls</translation>
    </message>
    <message>
        <source>{n}号窗口</source>
        <translation>Window {n}</translation>
    </message>
    <message>
        <source>{n}号</source>
        <translation>Window {n}</translation>
    </message>
    <message>
        <source>暂停服务</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>请到窗口</source>
        <translation>Please come</translation>
    </message>
    <message>
        <source>办理中</source>
        <translation>Serving</translation>
    </message>
    <message>
        <source>空闲</source>
        <translation>Free</translation>
    </message>
    <message>
        <source>等候 {n} 人</source>
        <translation>{n} waiting</translation>
    </message>
    <message>
        <source>暂停取号</source>
        <translation>No tickets now</translation>
    </message>
</context>
<context>
    <name>WindowScreen</name>
    <message>
        <source>{n}号窗口</source>
        <translation>Window {n}</translation>
    </message>
    <message>
        <source>工作人员暂未到岗</source>
        <translation>Staff not yet at the window</translation>
    </message>
    <message>
        <source>工号 {no}</source>
        <translation>Staff no. {no}</translation>
    </message>
    <message>
        <source>请到其他窗口办理</source>
        <translation>Please go to another window</translation>
    </message>
    <message>
        <source>当前号码</source>
        <translation>Now serving</translation>
    </message>
    <message>
        <source>等候叫号</source>
        <translation>Waiting for calls</translation>
    </message>
</context>
</TS>
