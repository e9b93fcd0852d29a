import { HttpClient } from '@angular/common/http';
import { Component } from '@angular/core';

import { environment } from '../environments/environment';

@Component({
  selector: 'app-root',
  template: `
    <button id="explode" (click)="explode()">Explode</button>
    <button id="ping" (click)="ping()">Ping</button>
    <span id="pong">{{ pong }}</span>
    <a id="next" routerLink="/next">Next</a>
    <router-outlet></router-outlet>
  `,
})
export class AppComponent {
  pong = '';

  constructor(private readonly http: HttpClient) {}

  explode(): void {
    throw new Error('fundamental e2e error');
  }

  ping(): void {
    this.http
      .get(`${environment.basePath}ping`, { responseType: 'text' })
      .subscribe((body) => (this.pong = body));
  }
}
