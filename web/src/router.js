import { createRouter, createWebHistory } from 'vue-router'
import { session, loadSession, can } from './api.js'
import LoginView from './views/LoginView.vue'
import ShellLayout from './components/ShellLayout.vue'
import HomeView from './views/HomeView.vue'
import ModuleView from './views/ModuleView.vue'
import UnitsView from './views/UnitsView.vue'
import UsersView from './views/UsersView.vue'
import SupervisionView from './views/SupervisionView.vue'
import ReportsView from './views/ReportsView.vue'
import BulletinView from './views/BulletinView.vue'
import ImportView from './views/ImportView.vue'
import InspectionsView from './views/InspectionsView.vue'
import PeopleView from './views/PeopleView.vue'

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', component: LoginView, meta: { public: true, title: '登录' } },
    { path: '/m', component: () => import('./views/NearbyView.vue'), meta: { public: true, title: '附近公交' } },
    { path: '/gs', component: () => import('./views/enforcement/PublicDecisionsView.vue'), meta: { public: true, title: '行政执法公示' } },
    { path: '/board/:stop', component: () => import('./views/BoardView.vue'), meta: { public: true, title: '电子站牌' } },
    { path: '/m/stop/:stop', component: () => import('./views/MobileStopView.vue'), meta: { public: true, title: '到站信息' } },
    {
      path: '/',
      component: ShellLayout,
      children: [
        { path: '', component: HomeView, meta: { title: '工作台' } },
        { path: 'supervision', component: SupervisionView, meta: { title: '重点工作台账', perm: 'supervision' } },
        { path: 'supervision/reports', component: ReportsView, meta: { title: '进展报送', perm: 'supervision' } },
        { path: 'supervision/tasks/:id', component: () => import('./views/TaskView.vue'), meta: { title: '重点任务', perm: 'supervision' } },
        { path: 'supervision/bulletin', component: BulletinView, meta: { title: '通报', perm: 'supervision' } },
        { path: 'supervision/dashboard', component: () => import('./views/DashboardView.vue'), meta: { title: '督查看板', perm: 'supervision' } },
        { path: 'supervision/inspections', component: InspectionsView, meta: { title: '督查记录', perm: 'supervision' } },
        { path: 'supervision/people', component: PeopleView, meta: { title: '责任领导', perm: 'supervision.manage' } },
        { path: 'supervision/import', component: ImportView, meta: { title: '导入通知', perm: 'supervision.manage' } },
        { path: 'enforcement', component: () => import('./views/enforcement/CasesView.vue'), meta: { title: '执法办案', perm: 'enforcement' } },
        { path: 'enforcement/cases/:id', component: () => import('./views/enforcement/CaseView.vue'), meta: { title: '案件', perm: 'enforcement' } },
        { path: 'enforcement/review', component: () => import('./views/enforcement/ReviewView.vue'), meta: { title: '法制审核', perm: 'enforcement' } },
        { path: 'enforcement/publications', component: () => import('./views/enforcement/PublicationsView.vue'), meta: { title: '公示管理', perm: 'enforcement' } },
        { path: 'enforcement/random', component: () => import('./views/enforcement/RandomView.vue'), meta: { title: '双随机抽查', perm: 'enforcement' } },
        { path: 'enforcement/oversight', component: () => import('./views/enforcement/OversightView.vue'), meta: { title: '执法监督', perm: 'enforcement' } },
        { path: 'transit', component: () => import('./views/TransitOverviewView.vue'), meta: { title: '智能公交', perm: 'transit' } },
        { path: 'transit/map', component: () => import('./views/TransitMapView.vue'), meta: { title: '实时监控', perm: 'transit' } },
        { path: 'transit/dispatch', component: () => import('./views/DispatchView.vue'), meta: { title: '调度台', perm: 'transit.dispatch' } },
        { path: 'transit/feeds', component: () => import('./views/TransitFeedsView.vue'), meta: { title: '线网数据', perm: 'transit' } },
        { path: 'transit/coverage', component: () => import('./views/TransitCoverageView.vue'), meta: { title: '覆盖与车辆', perm: 'transit' } },
        { path: 'transit/boards', component: () => import('./views/TransitBoardsView.vue'), meta: { title: '电子站牌', perm: 'transit' } },
        { path: 'transit/kpi', component: () => import('./views/TransitKpiView.vue'), meta: { title: '运营指标', perm: 'transit' } },
        { path: 'transit/flow', component: () => import('./views/TransitFlowView.vue'), meta: { title: '客流分析', perm: 'transit.plan' } },
        { path: 'transit/timetable', component: () => import('./views/TransitTimetableView.vue'), meta: { title: '行车计划', perm: 'transit.plan' } },
        { path: 'transit/blocks', component: () => import('./views/TransitBlocksView.vue'), meta: { title: '路牌计划', perm: 'transit.plan' } },
        { path: 'transit/duties', component: () => import('./views/TransitDutiesView.vue'), meta: { title: '司机排班', perm: 'transit.plan' } },
        { path: 'transit/alarms', component: () => import('./views/TransitAlarmsView.vue'), meta: { title: '报警与调度建议', perm: 'transit' } },
        { path: 'transit/messages', component: () => import('./views/TransitMessagesView.vue'), meta: { title: '调度消息', perm: 'transit' } },
        { path: 'admin/units', component: UnitsView, meta: { title: '单位管理' } },
        { path: 'admin/users', component: UsersView, meta: { title: '用户管理', perm: 'users.read' } },
        { path: 'admin/audit', component: () => import('./views/AuditView.vue'), meta: { title: '审计日志', perm: 'audit.any' } },
      ],
    },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
})

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  if (!session.user) await loadSession()
  if (!session.user) return { path: '/login', query: { next: to.fullPath } }
  if (to.meta.perm && !can(to.meta.perm)) return '/'
  return true
})

router.afterEach((to) => {
  document.title = `${to.meta.title || '政通'} · 政通平台`
})
