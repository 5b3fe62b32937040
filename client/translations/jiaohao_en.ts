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
        <translation>Paused</translation>
    </message>
    <message>
        <source>未开放</source>
        <translation>Not staffed</translation>
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
<context>
    <name>PadWindow</name>
    <message>
        <source>为您服务的是 {name}（工号 {no}）</source>
        <translation>Served by {name} (staff no. {no})</translation>
    </message>
    <message>
        <source>办事结束后，欢迎您对我们的服务作出评价</source>
        <translation>When you are done, please tell us how we served you</translation>
    </message>
    <message>
        <source>工号：{no}</source>
        <translation>Staff no. {no}</translation>
    </message>
    <message>
        <source>本窗口暂无工作人员</source>
        <translation>No staff at this window now</translation>
    </message>
    <message>
        <source>本窗口暂停服务</source>
        <translation>This window is closed</translation>
    </message>
    <message>
        <source>请您对本次服务进行评价</source>
        <translation>How was our service today?</translation>
    </message>
    <message>
        <source>评价自愿，仅用于改进服务</source>
        <translation>Rating is voluntary and only used to improve our service</translation>
    </message>
    <message>
        <source>暂不评价</source>
        <translation>Not now</translation>
    </message>
    <message>
        <source>{number} 号　{service}</source>
        <translation>No. {number}  {service}</translation>
    </message>
    <message>
        <source>请选择不满意的原因（可多选）</source>
        <translation>What went wrong? (choose one or more)</translation>
    </message>
    <message>
        <source>补充说明（可不选）</source>
        <translation>Anything to add? (optional)</translation>
    </message>
    <message>
        <source>返回重选</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>提交评价</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>您选择了：{words}</source>
        <translation>You chose: {words}</translation>
    </message>
    <message>
        <source>请至少选择一项原因</source>
        <translation>Please choose at least one reason</translation>
    </message>
    <message>
        <source>好的</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>正在提交，请稍候…</source>
        <translation>Sending, one moment…</translation>
    </message>
    <message>
        <source>我们会认真核查，及时改进</source>
        <translation>We will look into it and improve</translation>
    </message>
    <message>
        <source>祝您生活愉快</source>
        <translation>Have a nice day</translation>
    </message>
    <message>
        <source>网络暂时中断，您的评价已保存在本机，恢复后将自动提交</source>
        <translation>The network is down for now; your rating is saved here and will be sent automatically</translation>
    </message>
    <message>
        <source>感谢您的评价！</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <source>如有疑问，请咨询窗口工作人员</source>
        <translation>If you have questions, please ask the staff at the window</translation>
    </message>
    <message>
        <source>服务评价</source>
        <translation>Service rating</translation>
    </message>
    <message>
        <source>网络连接中断，评价将先保存在本机，恢复后自动提交</source>
        <translation>Network down: ratings are saved on this pad and sent when it is back</translation>
    </message>
    <message>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <source>服务态度</source>
        <translation>Attitude</translation>
    </message>
    <message>
        <source>办事效率</source>
        <translation>Efficiency</translation>
    </message>
    <message>
        <source>业务水平</source>
        <translation>Competence</translation>
    </message>
    <message>
        <source>一次性告知不到位</source>
        <translation>Requirements not told at once</translation>
    </message>
    <message>
        <source>环境设施</source>
        <translation>Facilities</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>等候时间太长</source>
        <translation>Waited too long</translation>
    </message>
    <message>
        <source>材料没有一次讲清楚</source>
        <translation>Documents not explained at once</translation>
    </message>
    <message>
        <source>需要再跑一趟</source>
        <translation>Must come back again</translation>
    </message>
    <message>
        <source>解释听不明白</source>
        <translation>Explanation unclear</translation>
    </message>
    <message>
        <source>希望增加自助办理</source>
        <translation>Want more self-service</translation>
    </message>
</context>
<context>
    <name>CallerKeypad</name>
    <message>
        <source>没有可叫回的挂起号</source>
        <translation>No held ticket to call back</translation>
    </message>
</context>
<context>
    <name>CallerModel</name>
    <message>
        <source>{action} 号已叫到本窗口：请先办结、过号、挂起或转移，再暂停服务</source>
        <translation>{action} has been called to this window: finish, mark no-show, hold or transfer it before pausing</translation>
    </message>
    <message>
        <source>叫号设备</source>
        <translation>Caller device</translation>
    </message>
    <message>
        <source>上一个操作尚未完成，请稍候</source>
        <translation>The previous action is not finished yet, please wait</translation>
    </message>
    <message>
        <source>现在不能{action}</source>
        <translation>{action} is not possible now</translation>
    </message>
    <message>
        <source>已取消：{action}</source>
        <translation>Cancelled: {action}</translation>
    </message>
    <message>
        <source>网络已恢复，{action}已完成</source>
        <translation>Network back: {action} done</translation>
    </message>
    <message>
        <source>当前没有等候的号</source>
        <translation>Nobody is waiting</translation>
    </message>
    <message>
        <source>网络中断，无法确认{action}是否完成，需要时请再按一次</source>
        <translation>Network was down: cannot tell whether {action} happened; press again if needed</translation>
    </message>
    <message>
        <source>叫号</source>
        <translation>Call next</translation>
    </message>
    <message>
        <source>叫指定号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <source>重呼</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>开始办理</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>挂起</source>
        <translation>Hold</translation>
    </message>
    <message>
        <source>转移</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>请评价</source>
        <translation>Ask for rating</translation>
    </message>
</context>
<context>
    <name>CallerDialogs</name>
    <message>
        <source>取消（Esc）</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>转移</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>把 {number} 号转移到：</source>
        <translation>Transfer {number} to:</translation>
    </message>
    <message>
        <source>业务：{name}</source>
        <translation>Service: {name}</translation>
    </message>
    <message>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>窗口：{name}（{services}）</source>
        <translation>Window: {name} ({services})</translation>
    </message>
    <message>
        <source>排在最前（保留原取号时间）</source>
        <translation>Front (keeps its issue time)</translation>
    </message>
    <message>
        <source>排在最后</source>
        <translation>Back of the queue</translation>
    </message>
    <message>
        <source>转移（回车）</source>
        <translation>Transfer (Enter)</translation>
    </message>
    <message>
        <source>暂停服务</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>{window}号窗口暂停服务，原因：</source>
        <translation>Pause window {window}, reason:</translation>
    </message>
    <message>
        <source>暂停（回车）</source>
        <translation>Pause (Enter)</translation>
    </message>
    <message>
        <source>午休</source>
        <translation>Lunch break</translation>
    </message>
    <message>
        <source>业务培训</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>系统故障</source>
        <translation>System failure</translation>
    </message>
    <message>
        <source>临时离开</source>
        <translation>Away briefly</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
</context>
<context>
    <name>CallerLogin</name>
    <message>
        <source>{window}号窗口 · 叫号器登录</source>
        <translation>Window {window} · caller login</translation>
    </message>
    <message>
        <source>工号</source>
        <translation>Staff no.</translation>
    </message>
    <message>
        <source>密码（PIN）</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>登录（回车）</source>
        <translation>Log in (Enter)</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>输入工号和密码，按回车登录。
登录后每个操作一个键：F1–F10 或小键盘。</source>
        <translation>Enter your staff number and PIN, then Enter.
After login every action is one key: F1–F10 or the numpad.</translation>
    </message>
    <message>
        <source>请输入工号和密码</source>
        <translation>Enter staff number and PIN</translation>
    </message>
    <message>
        <source>请重新输入密码</source>
        <translation>Enter your PIN again</translation>
    </message>
    <message>
        <source>登录已过期</source>
        <translation>Login expired</translation>
    </message>
    <message>
        <source>工号 {staff_no}：登录已过期，请重新输入密码。当前号码不会丢失。</source>
        <translation>Staff {staff_no}: your login expired. Enter your PIN again; the current ticket is kept.</translation>
    </message>
    <message>
        <source>确定（回车）</source>
        <translation>OK (Enter)</translation>
    </message>
</context>
<context>
    <name>CallerTicket</name>
    <message>
        <source>暂时无人等候，有人取号会自动显示</source>
        <translation>Nobody is waiting; new tickets appear here by themselves</translation>
    </message>
    <message>
        <source>本窗口有 {n} 人等候</source>
        <translation>{n} waiting for this window</translation>
    </message>
    <message>
        <source>按 F1 叫号</source>
        <translation>Press F1 to call</translation>
    </message>
    <message>
        <source>绿色通道</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <source>转移来的号</source>
        <translation>Transferred</translation>
    </message>
    <message>
        <source>暂停服务：{reason}（F8 恢复）</source>
        <translation>Paused: {reason} (F8 resumes)</translation>
    </message>
    <message>
        <source>空闲：按 F1 叫下一位</source>
        <translation>Idle: press F1 to call next</translation>
    </message>
    <message>
        <source>办理中</source>
        <translation>Serving</translation>
    </message>
    <message>
        <source>（已重呼 {n} 次）</source>
        <translation> (recalled {n}×)</translation>
    </message>
    <message>
        <source>已叫号，等候市民到窗口</source>
        <translation>Called, waiting for the citizen</translation>
    </message>
    <message>
        <source>暂停服务</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>预约</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <source>已等候 {minutes} 分钟</source>
        <translation>Waited {minutes} min</translation>
    </message>
    <message>
        <source>一次性告知材料：</source>
        <translation>Documents: </translation>
    </message>
    <message>
        <source>今日本窗口：已办结 {n} 件</source>
        <translation>Today here: {n} served</translation>
    </message>
    <message>
        <source>过号 {n}</source>
        <translation>{n} no-shows</translation>
    </message>
    <message>
        <source>今日本窗口：正在读取…</source>
        <translation>Today here: reading…</translation>
    </message>
    <message>
        <source>平均办理 {m:.1f} 分钟</source>
        <translation>average {m:.1f} min</translation>
    </message>
    <message>
        <source>平均办理 —</source>
        <translation>average —</translation>
    </message>
    <message>
        <source>评价 {n} 条</source>
        <translation>{n} ratings</translation>
    </message>
    <message>
        <source>（好评率 {p:.0f}%）</source>
        <translation> ({p:.0f}% good)</translation>
    </message>
</context>
<context>
    <name>CallerWaiting</name>
    <message>
        <source>人</source>
        <translation>waiting</translation>
    </message>
    <message>
        <source>输入号码，如 A012</source>
        <translation>Number, e.g. A012</translation>
    </message>
    <message>
        <source>叫指定号
F9 · 回车</source>
        <translation>Call number
F9 · Enter</translation>
    </message>
    <message>
        <source>等候 {n} 人</source>
        <translation>{n} waiting</translation>
    </message>
    <message>
        <source>等 {m} 分钟</source>
        <translation>{m} min</translation>
    </message>
    <message>
        <source>【绿色通道】</source>
        <translation>[green]</translation>
    </message>
    <message>
        <source>【预约】</source>
        <translation>[appointment]</translation>
    </message>
    <message>
        <source>【转入】</source>
        <translation>[transferred in]</translation>
    </message>
    <message>
        <source>【已挂起，可叫回】</source>
        <translation>[held, can call back]</translation>
    </message>
    <message>
        <source>【已过号，可叫回】</source>
        <translation>[no-show, can call back]</translation>
    </message>
</context>
<context>
    <name>CallerWindow</name>
    <message>
        <source>补打告知书 F12</source>
        <translation>Reprint notice F12</translation>
    </message>
    <message>
        <source> · 小键盘 {key}</source>
        <translation> · numpad {key}</translation>
    </message>
    <message>
        <source>叫号器 · {window}号窗口</source>
        <translation>Caller · window {window}</translation>
    </message>
    <message>
        <source>退出登录</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>没有可叫回的挂起号</source>
        <translation>No held ticket to call back</translation>
    </message>
    <message>
        <source>{window}号窗口</source>
        <translation>Window {window}</translation>
    </message>
    <message>
        <source>● 已连接</source>
        <translation>● Connected</translation>
    </message>
    <message>
        <source>● 网络断开，正在重连</source>
        <translation>● Offline, reconnecting</translation>
    </message>
    <message>
        <source>键盘正常</source>
        <translation>Keypad OK</translation>
    </message>
    <message>
        <source>键盘未连接</source>
        <translation>Keypad offline</translation>
    </message>
    <message>
        <source>{action}：等待重新输入密码后发送</source>
        <translation>{action}: waiting for your PIN</translation>
    </message>
    <message>
        <source>{action}：网络中断，恢复后自动确认，不会重复（Esc 取消）</source>
        <translation>{action}: network down, confirmed automatically when back, never twice (Esc cancels)</translation>
    </message>
    <message>
        <source>{action}：正在发送…</source>
        <translation>{action}: sending…</translation>
    </message>
    <message>
        <source>叫号</source>
        <translation>Call next</translation>
    </message>
    <message>
        <source>叫指定号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <source>重呼</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>开始办理</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>挂起</source>
        <translation>Hold</translation>
    </message>
    <message>
        <source>转移</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>请评价</source>
        <translation>Ask for rating</translation>
    </message>
</context>
<context>
    <name>Kiosk</name>
    <message>
        <source>{who}优先</source>
        <translation>For {who}</translation>
    </message>
    <message>
        <source>适用于{who}。请选择业务，到窗口时出示相关证件。</source>
        <translation>For {who}. Choose a service and show your document at the counter.</translation>
    </message>
    <message>
        <source>更多业务</source>
        <translation>More services</translation>
    </message>
    <message>
        <source>第 {page}/{pages} 页</source>
        <translation>Page {page} of {pages}</translation>
    </message>
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
        <source>前面还有 {n} 人，预计等候{wait}</source>
        <translation>{n} ahead of you, expected wait {wait}</translation>
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
        <source>正在检查打印机…</source>
        <translation>Checking the printer…</translation>
    </message>
    <message>
        <source>等候 {n} 人 · {wait}</source>
        <translation>{n} waiting · {wait}</translation>
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
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <source>请选择要办理的业务</source>
        <translation>Please choose a service</translation>
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
        <translation>Outside opening hours</translation>
    </message>
    <message>
        <source>今日号源已取完</source>
        <translation>No more numbers today</translation>
    </message>
    <message>
        <source>短信提醒我</source>
        <translation>Text me when it's my turn</translation>
    </message>
    <message>
        <source>短信提醒我 · {number}</source>
        <translation>Text me · {number}</translation>
    </message>
    <message>
        <source>请输入手机号。快到号和叫号时发短信提醒您，号码只用于本次提醒</source>
        <translation>Your mobile number: we text you when your turn is near and when you are called. Used for nothing else.</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>请稍候…</source>
        <translation>Please wait…</translation>
    </message>
    <message>
        <source>快到号和叫号时将发短信到 {phone}</source>
        <translation>We will text {phone} when your turn is near and when you are called.</translation>
    </message>
    <message>
        <source>没有预约码？</source>
        <translation>No code?</translation>
    </message>
    <message>
        <source>用手机号签到</source>
        <translation>Use phone + ID</translation>
    </message>
    <message>
        <source>预约签到 · 无预约码</source>
        <translation>Check-in without the code</translation>
    </message>
    <message>
        <source>第1步：请输入预约时所留手机号的后四位</source>
        <translation>Step 1: enter the last 4 digits of the mobile number you booked with.</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>第2步：手机尾号 {tail}，请输入预约时填写的身份证号</source>
        <translation>Step 2: phone ending {tail}. Enter the ID number you booked with.</translation>
    </message>
</context>
<context>
    <name>KioskServer</name>
    <message>
        <source>service_suspended</source>
        <translation>This service is not issuing numbers now. Please ask the hall staff.</translation>
    </message>
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
    <message>
        <source>appointment_not_found_by_phone</source>
        <translation>No booking for today with this phone and ID number. Please check them, or enter the booking code.</translation>
    </message>
    <message>
        <source>appointment_cancelled</source>
        <translation>This booking was cancelled. Please book again or take a number here.</translation>
    </message>
    <message>
        <source>bad_phone</source>
        <translation>Please enter an 11-digit mobile number.</translation>
    </message>
    <message>
        <source>not_waiting</source>
        <translation>This number is no longer waiting: no text can be set up for it.</translation>
    </message>
    <message>
        <source>already_notified</source>
        <translation>A text reminder is already set up for this number.</translation>
    </message>
    <message>
        <source>reminders_off</source>
        <translation>This hall does not send text reminders. Please watch the screens and listen for the calls.</translation>
    </message>
</context>
<context>
    <name>CallerOutcome</name>
    <message>
        <source>办结</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>{number} 号办结：回车 = 一次办结</source>
        <translation>Finish {number}: Enter = completed</translation>
    </message>
    <message>
        <source>一次办结</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>容缺受理</source>
        <translation>Accepted, items pending</translation>
    </message>
    <message>
        <source>一次性告知（不予受理）</source>
        <translation>Returned, items listed</translation>
    </message>
    <message>
        <source>咨询</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <source>缺少的材料（数字键勾选）：</source>
        <translation>Missing items (tick with digit keys):</translation>
    </message>
    <message>
        <source>其他缺件（可不填，多项用、分隔）</source>
        <translation>Other missing items (optional, separate with 、)</translation>
    </message>
    <message>
        <source>补齐期限：</source>
        <translation>Due by:</translation>
    </message>
    <message>
        <source>办结（回车）</source>
        <translation>Finish (Enter)</translation>
    </message>
    <message>
        <source>取消（Esc）</source>
        <translation>Cancel (Esc)</translation>
    </message>
</context>
<context>
    <name>CallerNotice</name>
    <message>
        <source>本窗口未接告知书打印机（--printer），无法补打</source>
        <translation>This window has no notice printer (--printer): nothing to reprint</translation>
    </message>
    <message>
        <source>还没有可补打的告知书</source>
        <translation>No notice has been printed yet</translation>
    </message>
    <message>
        <source>{number} 号的告知书未能打印（{reason}），办结结果已记录，处理后按 F12 补打</source>
        <translation>The notice for {number} was not printed ({reason}); the outcome is recorded. Fix the printer, then press F12 to reprint</translation>
    </message>
    <message>
        <source>已打印 {number} 号的一次性告知书</source>
        <translation>Notice printed for {number}</translation>
    </message>
</context>
</TS>
